package org.zaploop.ingest.gateway;

/** What became of one record a rig sent. */
sealed interface Outcome {

    /** Kafka acknowledged it. */
    record Published(String topic, int partition, long offset) implements Outcome {
    }

    /**
     * The gateway refused it; it went to {@code zl.dlq}.
     *
     * @param status HTTP status that says why: 400 malformed / wrong session, 413 too large
     * @param reason the decoder's message, naming the problem
     */
    record Rejected(int status, String reason) implements Outcome {
    }

    /** Kafka did not take it (broker down, timeout); the sender must retry. */
    record Failed(String reason) implements Outcome {
    }
}
