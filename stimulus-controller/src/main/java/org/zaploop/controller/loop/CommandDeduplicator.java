package org.zaploop.controller.loop;

import java.util.HashMap;
import java.util.Map;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * For a receiver of {@code zl.stimulus.commands} (a rig driver, a simulator): whether to apply a command, by the
 * protocol's rules. Delivery is at-least-once, so the same command may arrive twice, and a reordered older one may
 * arrive late: a command is applied only if its {@code seq} is above the last applied one of its session, and only
 * inside its validity window {@code [validFromNs, validUntilNs)}. A command that arrives early is not consumed
 * (ask again later); one that arrives expired is consumed and dropped. Thread-safe.
 */
public final class CommandDeduplicator {

    /** What to do with a command. */
    public enum Verdict {
        /** Apply it now. */
        APPLY,
        /** Its seq is not above the last applied one: a duplicate or an older command. Drop it. */
        DUPLICATE,
        /** Its window has not started: keep it and ask again at {@code validFromNs}. */
        NOT_YET_VALID,
        /** Its window is over: drop it (the receiver stays in or goes to its safe state). */
        EXPIRED
    }

    private final Map<String, Long> lastApplied = new HashMap<>();
    private long duplicates;
    private long expired;

    public synchronized Verdict offer(StimulusCommand c, long nowNs) {
        long last = lastApplied.getOrDefault(c.session(), -1L);
        if (c.seq() <= last) {
            duplicates++;
            return Verdict.DUPLICATE;
        }
        if (nowNs < c.validFromNs()) {
            return Verdict.NOT_YET_VALID;
        }
        lastApplied.put(c.session(), c.seq());
        if (nowNs >= c.validUntilNs()) {
            expired++;
            return Verdict.EXPIRED;
        }
        return Verdict.APPLY;
    }

    /** The last applied (or expired) seq of a session, or -1. */
    public synchronized long lastSeq(String session) {
        return lastApplied.getOrDefault(session, -1L);
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long expired() {
        return expired;
    }
}
