package org.zaploop.controller.loop;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * Running figures of a {@link DecisionLoop} for status lines: decisions by kind, refusals and safe-state fallbacks
 * by rule, holds, the current command, the newest input. Thread-safe (synchronized, cheap).
 */
public final class LoopStats {

    private final Map<Decision, Long> decisions = new EnumMap<>(Decision.class);
    private final Map<String, Long> refusals = new TreeMap<>();
    private long holds;
    private long suppressed;
    private long clamped;
    private StimulusCommand current;
    private long newestInputNs = -1;

    synchronized void decision(AuditRecord a) {
        decisions.merge(a.decision(), 1L, Long::sum);
        if (a.decision() == Decision.ISSUED) {
            if (a.rule() != null) {
                clamped++;
            }
        } else if (a.rule() != null) {
            refusals.merge(a.rule(), 1L, Long::sum);
        }
    }

    synchronized void suppressedRefusal(String rule) {
        suppressed++;
    }

    synchronized void hold() {
        holds++;
    }

    synchronized void command(StimulusCommand c) {
        current = c;
    }

    synchronized void input(long acquisitionNs) {
        newestInputNs = Math.max(newestInputNs, acquisitionNs);
    }

    public synchronized long decisions(Decision d) {
        return decisions.getOrDefault(d, 0L);
    }

    public synchronized long totalDecisions() {
        return decisions.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Refusals and safe-state fallbacks by rule (audited ones). */
    public synchronized Map<String, Long> refusals() {
        return new TreeMap<>(refusals);
    }

    public synchronized long holds() {
        return holds;
    }

    /** Identical refusals within half a window, counted but not audited again. */
    public synchronized long suppressedRefusals() {
        return suppressed;
    }

    public synchronized long clamped() {
        return clamped;
    }

    public synchronized StimulusCommand current() {
        return current;
    }

    /** Acquisition time of the newest input seen, or -1. */
    public synchronized long newestInputNs() {
        return newestInputNs;
    }
}
