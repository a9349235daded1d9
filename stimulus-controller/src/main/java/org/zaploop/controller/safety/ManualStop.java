package org.zaploop.controller.safety;

/**
 * The operator's stop: once set, it holds (latches) until an operator clears it, whatever the inputs do. Set and
 * cleared from any thread (the HTTP endpoint, the CLI through it). Reads and writes no topic.
 */
public final class ManualStop {

    /**
     * @param reason   what the operator said
     * @param sinceNs  when it was set (ZapLoop clock)
     */
    public record Latch(String reason, long sinceNs) {
    }

    private volatile Latch latch;

    /** Sets the stop; returns false if it was already set (the first reason stays). */
    public synchronized boolean stop(String reason, long nowNs) {
        if (latch != null) {
            return false;
        }
        latch = new Latch(reason == null || reason.isBlank() ? "operator stop" : reason, nowNs);
        return true;
    }

    /** Clears the stop; returns false if it was not set. */
    public synchronized boolean clear() {
        boolean was = latch != null;
        latch = null;
        return was;
    }

    /** The current latch, or null when not stopped. */
    public Latch latch() {
        return latch;
    }

    public boolean stopped() {
        return latch != null;
    }
}
