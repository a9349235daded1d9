package org.zaploop.dashboards.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One browser on the event loop: frames go latest-wins (while one frame is still being written to a slow client,
 * a newer frame replaces the waiting one and the replaced one is counted as skipped); control messages and traces
 * are queued and never dropped. Used only on the event loop.
 */
final class ClientChannel {

    private final ServerWebSocket ws;
    private final LiveMeters meters;
    private boolean writing;
    private Buffer waiting;
    private boolean closed;
    private long skipped;

    ClientChannel(ServerWebSocket ws, LiveMeters meters) {
        this.ws = ws;
        this.meters = meters;
    }

    void frame(Buffer frame) {
        if (closed) {
            return;
        }
        if (writing) {
            if (waiting != null) {
                skipped++;
                meters.framesSkipped.increment();
            }
            waiting = frame;
            return;
        }
        writing = true;
        ws.writeBinaryMessage(frame).onComplete(ar -> {
            writing = false;
            if (ar.succeeded()) {
                meters.framesSent.increment();
            }
            Buffer next = waiting;
            waiting = null;
            if (next != null) {
                frame(next);
            }
        });
    }

    void binary(Buffer message) {
        if (!closed) {
            ws.writeBinaryMessage(message);
        }
    }

    void text(String message) {
        if (!closed) {
            ws.writeTextMessage(message);
        }
    }

    void closed() {
        closed = true;
        waiting = null;
    }

    long skipped() {
        return skipped;
    }
}
