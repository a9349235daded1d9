package org.zaploop.controller.safety;

import java.util.Map;
import java.util.Set;
import org.zaploop.protocol.records.Stimulus;

/**
 * The safety envelope applied after every policy, whatever it asks. Two kinds of check:
 * <ul>
 *   <li>safe-state guards ({@link #safeStateReason}): manual stop, rig heartbeat, stale inputs. While one holds the
 *       controller actuates nothing and puts the rig in its safe state;</li>
 *   <li>per-command checks ({@link #check}): bounds are clamped ({@link Bounds}); rate, refractory time and duty
 *       cycle refuse ({@link StimulationBudget}).</li>
 * </ul>
 * Pure Java, not thread-safe except {@link #manualStop()}; the decision loop serialises calls. Reads and writes no
 * topic.
 */
public final class SafetyEnvelope {

    /**
     * The outcome of {@link #check}.
     *
     * @param refusal null when the command may go out
     * @param params  the parameters to send (clamped)
     * @param clamps  rules that clamped, comma-separated, or null
     * @param notes   what was asked and what is sent, or null
     */
    public record Verdict(Refusal refusal, Map<String, Double> params, String clamps, String notes) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    private final SafetyLimits limits;
    private final Bounds bounds;
    private final StimulationBudget budget;
    private final ManualStop manualStop = new ManualStop();
    private final RigLink rig;
    private final Freshness freshness;

    public SafetyEnvelope(SafetyLimits limits) {
        this.limits = limits;
        this.bounds = new Bounds(limits);
        this.budget = new StimulationBudget(limits);
        this.rig = new RigLink(limits.rigTimeoutMs());
        this.freshness = new Freshness(limits);
    }

    public SafetyLimits limits() {
        return limits;
    }

    public ManualStop manualStop() {
        return manualStop;
    }

    public RigLink rig() {
        return rig;
    }

    public Freshness freshness() {
        return freshness;
    }

    public StimulationBudget budget() {
        return budget;
    }

    /** The first safe-state guard that holds (manual stop, then rig, then staleness of {@code needed}), or null. */
    public Refusal safeStateReason(Set<InputKind> needed, long nowNs) {
        ManualStop.Latch l = manualStop.latch();
        if (l != null) {
            return new Refusal(Rules.MANUAL_STOP, "manual stop (" + l.reason() + ") latched until cleared");
        }
        String lost = rig.lostReason(nowNs);
        if (lost != null) {
            return new Refusal(Rules.RIG_HEARTBEAT, lost);
        }
        String stale = freshness.staleReason(needed, nowNs);
        return stale == null ? null : new Refusal(Rules.STALE_INPUT, stale);
    }

    /** Clamps the parameters, then checks rate, refractory time and duty cycle. */
    public Verdict check(Stimulus stimulus, Map<String, Double> params, long nowNs, long validUntilNs) {
        Bounds.Clamped c = bounds.apply(stimulus, params);
        Refusal r = budget.refusal(stimulus, c.params(), nowNs, validUntilNs);
        return new Verdict(r, c.params(), c.changed() ? String.join(",", c.rules()) : null,
                c.changed() ? "clamped: " + String.join("; ", c.notes()) : null);
    }

    /** Books a command that went out. */
    public void sent(Stimulus stimulus, Map<String, Double> params, long nowNs, long validUntilNs) {
        budget.sent(stimulus, params, nowNs, validUntilNs);
        rig.sent(nowNs);
    }
}
