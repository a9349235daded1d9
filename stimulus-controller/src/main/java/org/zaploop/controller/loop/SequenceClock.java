package org.zaploop.controller.loop;

/**
 * Sequence numbers for commands and decisions: the ZapLoop clock in µs, made strictly increasing. Manual commands
 * ({@code zaploop stimulate}) use the same convention, so a receiver orders the controller's commands and an
 * operator's together, and a restarted controller continues above its previous numbers. Not thread-safe.
 */
public final class SequenceClock {

    private long last = -1;

    public long next(long nowNs) {
        last = Math.max(last + 1, nowNs / 1_000);
        return last;
    }

    public long last() {
        return last;
    }
}
