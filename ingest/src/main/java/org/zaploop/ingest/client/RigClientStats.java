package org.zaploop.ingest.client;

/**
 * What a {@link RigClient} has done.
 *
 * @param messagesSent     messages written on the stream socket (records, texts and pongs)
 * @param bytesSent        record and text bytes written on the stream socket
 * @param writeQueueWaits  times a send had to wait because the socket's write queue was full (back-pressure)
 * @param pongsSent        pings answered
 * @param commandsReceived stimulus commands received
 * @param answersSent      answers (acks) written on the command socket
 * @param errorFrames      error frames received from the gateway
 */
public record RigClientStats(long messagesSent, long bytesSent, long writeQueueWaits, long pongsSent,
                             long commandsReceived, long answersSent, long errorFrames) {
}
