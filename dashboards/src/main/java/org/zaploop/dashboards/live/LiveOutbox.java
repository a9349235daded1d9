package org.zaploop.dashboards.live;

import java.util.Map;

/**
 * Where the live model's messages go: the WebSocket clients. Called on the Kafka thread; an implementation hands
 * the messages to the event loop and never blocks. JSON messages are maps of strings, numbers, lists and maps.
 */
public interface LiveOutbox {

    /** A new neuron table (MAP message), for every client. */
    void map(byte[] message, int neurons);

    /** A new frame (FRAME message), for every client: a slow client gets only the newest one. */
    void frame(byte[] message);

    /** A control message for every client (never dropped). */
    void broadcast(Map<String, Object> json);

    /** A binary message for one client (never dropped). */
    void send(int client, byte[] message);

    /** A control message for one client (never dropped). */
    void send(int client, Map<String, Object> json);
}
