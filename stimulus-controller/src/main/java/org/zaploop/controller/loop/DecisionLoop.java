package org.zaploop.controller.loop;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.zaploop.controller.policy.Policy;
import org.zaploop.controller.policy.PolicyInput;
import org.zaploop.controller.policy.Proposal;
import org.zaploop.controller.safety.InputKind;
import org.zaploop.controller.safety.Refusal;
import org.zaploop.controller.safety.Rules;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * The controller's decision loop, pure Java: inputs → policy → safety envelope → command and audit record.
 * The Kafka adapter feeds it records from {@code zl.behavior}, {@code zl.traces}, {@code zl.forecasts} and
 * {@code zl.rig.events} and clock ticks; its {@link DecisionSink} writes {@code zl.stimulus.commands} and
 * {@code zl.audit}.
 *
 * <ol>
 *   <li>Each input updates the staleness guard, then goes to the policy, which may propose a stimulus.</li>
 *   <li>If a safe-state guard holds (manual stop, rig silent, inputs stale) nothing is actuated: if the rig is
 *       presenting something, a SAFE_STATE command goes out (audited SAFE_STATE with the rule), and a proposal
 *       is audited REFUSED with the rule.</li>
 *   <li>A proposal identical to the last issued one is held (not re-sent) until half of that command's window has
 *       passed, then re-issued so the rig never runs out of valid commands; a FLASH is one-shot and never
 *       repeated while it is still what the policy proposes. Repeated refusals are likewise audited once per
 *       half window, not per input (identical proposals by the same rule; under a safe-state guard, any
 *       proposal by the same rule), and counted.</li>
 *   <li>Otherwise the envelope clamps the parameters and may refuse (rate, refractory, duty cycle); an allowed
 *       command gets a sequence number ({@link SequenceClock}) and a validity window
 *       {@code [now, now + validity)} and is sent, and the decision audited ISSUED (with the clamps).</li>
 * </ol>
 * Operators' requests ({@link #manual}) pass the same guards and envelope. Thread-safe: every entry point is
 * synchronized (the poll thread feeds it; the HTTP endpoint calls {@link #stop} and {@link #manual}).
 */
public final class DecisionLoop {

    /**
     * The shortest automatic validity window, ms: delivery through Kafka to the rig takes a few ms, but tens of ms
     * at the 99th percentile on a busy host, and a window shorter than that expires in transit.
     */
    public static final long MIN_AUTO_VALIDITY_MS = 200;

    /** The policy name on manual commands and their audit records. */
    public static final String MANUAL_POLICY = "manual";

    private final String session;
    private Policy policy;
    /** The inputs the controller subscribed to at start: a new policy may need no others. */
    private final java.util.Set<InputKind> inputsRead;
    private final SafetyEnvelope safety;
    private final DecisionSink sink;
    private final LongSupplier clock;
    private final long validityNs;
    private final SequenceClock seq = new SequenceClock();
    private final LoopStats stats = new LoopStats();

    private StimulusCommand lastCommand;
    private Proposal lastIssued;
    private long lastIssuedNs;
    private Proposal lastRefused;
    private String lastRefusedRule;
    private long lastRefusedNs;
    private long manualUntilNs = Long.MIN_VALUE;

    /**
     * @param validityMs a command's validity window, ms; 0 = twice the policy's input period, at least
     *                   {@link #MIN_AUTO_VALIDITY_MS}
     */
    public DecisionLoop(String session, Policy policy, SafetyEnvelope safety, DecisionSink sink, LongSupplier clock,
                        long validityMs) {
        this.session = session;
        this.policy = policy;
        this.inputsRead = java.util.Set.copyOf(policy.needs());
        this.safety = safety;
        this.sink = sink;
        this.clock = clock;
        long ms = validityMs > 0 ? validityMs : Math.max(MIN_AUTO_VALIDITY_MS, 2 * policy.inputPeriodMs());
        this.validityNs = ms * 1_000_000L;
    }

    public String session() {
        return session;
    }

    public synchronized Policy policy() {
        return policy;
    }

    public SafetyEnvelope safety() {
        return safety;
    }

    public long validityMs() {
        return validityNs / 1_000_000L;
    }

    public LoopStats stats() {
        return stats;
    }

    /** One input record for the policy. */
    public synchronized void onInput(PolicyInput input) {
        long now = clock.getAsLong();
        InputKind kind = kindOf(input);
        if (kind != null) {
            safety.freshness().seen(kind, input.acquisitionNs());
            stats.input(input.acquisitionNs());
        }
        Proposal p = policy.decide(input);
        Refusal own = null;
        if (kind != null && policy.needs().contains(kind)) {
            String stale = safety.freshness().staleReason(kind, input.acquisitionNs(), now);
            own = stale == null ? null : new Refusal(Rules.STALE_INPUT, stale);
        }
        decide(p, own, refOf(input), now);
    }

    /** A rig event: acknowledgements and heartbeats keep the rig link alive. */
    public synchronized void onRigEvent(RigEvent e) {
        long now = clock.getAsLong();
        switch (e.kind()) {
            case COMMAND_ACK -> safety.rig().ack(now);
            case HEARTBEAT -> safety.rig().heartbeat(now);
            default -> {
            }
        }
    }

    /** The clock: open-loop policies decide, and the guards are checked even when no input arrives. */
    public synchronized void tick() {
        long now = clock.getAsLong();
        Proposal p = policy.decide(new PolicyInput.Tick(now));
        decide(p, null, null, now);
    }

    /** The operator's stop: latches, and puts the rig in its safe state at once. False if already stopped. */
    public synchronized boolean stop(String reason) {
        long now = clock.getAsLong();
        if (!safety.manualStop().stop(reason, now)) {
            return false;
        }
        Refusal r = safety.safeStateReason(policy.needs(), now);
        goSafe(r, List.of(), now, true);
        return true;
    }

    /** Clears the operator's stop; control resumes with the next proposal. False if it was not set. */
    public synchronized boolean clear() {
        if (!safety.manualStop().clear()) {
            return false;
        }
        long now = clock.getAsLong();
        long s = seq.next(now);
        audit(new AuditRecord(session, s, now, acquisitionOr(now), policy.name(), policy.params(), List.of(),
                Decision.SAFE_STATE, Rules.MANUAL_STOP,
                "manual stop cleared by the operator; the rig stays safe until the next proposal passes the envelope",
                null));
        return true;
    }

    /**
     * An operator's request ({@code zaploop stimulate}): through the same safe-state guards (manual stop, rig
     * heartbeat; not the policy's input staleness, a manual request uses no input) and the same envelope (bounds,
     * rate, refractory time, duty cycle) as any proposal. Audited with policy {@value #MANUAL_POLICY}, issued or
     * refused. While an issued manual command is valid, the policy's proposals are held (counted as holds), so the
     * policy does not override the operator within milliseconds; the guards keep running.
     */
    public synchronized ManualOutcome manual(ManualRequest r) {
        long now = clock.getAsLong();
        long until = now + r.validMs() * 1_000_000L;
        Map<String, Object> asked = new java.util.LinkedHashMap<>();
        asked.put("operator", r.operator());
        r.params().forEach((k, v) -> asked.put("param." + k, v)); // the audit's params are flat scalars
        asked.put("validMs", r.validMs());
        long s = seq.next(now);
        Refusal refusal = safety.safeStateReason(java.util.Set.of(), now);
        SafetyEnvelope.Verdict v = null;
        if (refusal == null) {
            v = safety.check(r.stimulus(), r.params(), now, until);
            refusal = v.refusal();
        }
        if (refusal != null) {
            StimulusCommand proposed = new StimulusCommand(session, s, now, now, now, until, r.stimulus(), r.params(),
                    MANUAL_POLICY, r.condition());
            String reason = clip("refused manual " + r.stimulus() + " " + r.params() + ": " + refusal.reason());
            audit(new AuditRecord(session, s, now, now, MANUAL_POLICY, asked, List.of(), Decision.REFUSED,
                    refusal.rule(), reason, proposed));
            return new ManualOutcome(Decision.REFUSED, refusal.rule(), reason, s, null);
        }
        StimulusCommand c = new StimulusCommand(session, s, now, now, now, until, r.stimulus(), v.params(),
                MANUAL_POLICY, r.condition());
        String reason = "manual request by " + r.operator() + (v.notes() == null ? "" : "; " + v.notes());
        send(c, -1);
        audit(new AuditRecord(session, s, now, now, MANUAL_POLICY, asked, List.of(), Decision.ISSUED, v.clamps(),
                clip(reason), c));
        manualUntilNs = until;
        lastIssued = null;
        return new ManualOutcome(Decision.ISSUED, v.clamps(), reason, s, c);
    }

    /**
     * The operator's policy change ({@code zaploop policy}): applied at once unless the new policy needs an input
     * the controller does not read (refused, nothing changes). Applied, the rig goes to its safe state if it is
     * presenting something, so no command of the old policy outlives it, and the new policy's proposals pass the same
     * guards and envelope as any. Audited either way with rule {@value Rules#POLICY_CHANGE}.
     *
     * @param operator who asked and why, for the audit trail
     */
    public synchronized PolicyChange changePolicy(Policy next, String operator) {
        long now = clock.getAsLong();
        long acq = acquisitionOr(now);
        String who = operator == null || operator.isBlank() ? "the operator" : operator;
        if (!inputsRead.containsAll(next.needs())) {
            String reason = clip("refused policy change to " + next.name() + " by " + who + ": it needs "
                    + next.needs() + " but this controller reads only " + inputsRead
                    + "; start a controller with that policy instead");
            audit(new AuditRecord(session, seq.next(now), now, acq, next.name(), next.params(), List.of(),
                    Decision.REFUSED, Rules.POLICY_CHANGE, reason, null));
            return new PolicyChange(false, policy.name(), reason);
        }
        String previous = policy.name();
        policy = next;
        lastIssued = null;
        lastRefused = null;
        String reason = "policy changed from " + previous + " to " + next.name() + " " + next.params() + " by " + who;
        if (lastCommand != null && lastCommand.stimulus() != Stimulus.SAFE_STATE) {
            goSafe(new Refusal(Rules.POLICY_CHANGE, reason + "; the rig stays safe until the new policy's first "
                    + "proposal passes the envelope"), List.of(), now, false);
        } else {
            audit(new AuditRecord(session, seq.next(now), now, acq, next.name(), next.params(), List.of(),
                    Decision.SAFE_STATE, Rules.POLICY_CHANGE, clip(reason), null));
        }
        return new PolicyChange(true, next.name(), reason);
    }

    /** The controller is closing: if the rig is presenting something, SAFE_STATE now (audited, rule shutdown). */
    public synchronized void shutdown() {
        long now = clock.getAsLong();
        goSafe(new Refusal(Rules.SHUTDOWN, "the controller is shutting down"), List.of(), now, false);
    }

    /** The last command sent, or null. */
    public synchronized StimulusCommand lastCommand() {
        return lastCommand;
    }

    private void decide(Proposal p, Refusal own, InputRef trigger, long now) {
        // an operator's manual command uses no input: the policy's staleness does not end it, stop and rig do
        boolean manual = now < manualUntilNs;
        Refusal guard = safety.safeStateReason(manual ? java.util.Set.of() : policy.needs(), now);
        if (guard == null && !manual) {
            guard = own;
        }
        List<InputRef> refs = p != null ? p.inputs() : trigger == null ? List.of() : List.of(trigger);
        if (guard != null) {
            goSafe(guard, refs, now, false);
            if (p != null) {
                refuse(p, guard, now, true);
            }
            return;
        }
        if (p == null) {
            return;
        }
        if (manual) {
            stats.hold(); // the operator's manual command has the rig until its window ends
            policy.outcome(p, null, now);
            return;
        }
        if (lastIssued != null && lastCommand != null && lastCommand.stimulus() != Stimulus.SAFE_STATE
                && p.samePresentation(lastIssued.stimulus(), lastIssued.params(), lastIssued.condition())
                && (p.stimulus() == Stimulus.FLASH || now - lastIssuedNs < validityNs / 2)) {
            stats.hold();
            return;
        }
        long until = now + windowNs(p);
        SafetyEnvelope.Verdict v = safety.check(p.stimulus(), p.params(), now, until);
        if (!v.allowed()) {
            refuse(p, v.refusal(), now, false);
            return;
        }
        long s = seq.next(now);
        StimulusCommand c = new StimulusCommand(session, s, now, p.acquisitionNs(), now, until, p.stimulus(),
                v.params(), policy.name(), p.condition());
        String reason = p.note().isEmpty() ? "policy proposal" : p.note();
        if (v.notes() != null) {
            reason += "; " + v.notes();
        }
        send(c, p.inputs().isEmpty() ? -1 : p.acquisitionNs());
        audit(new AuditRecord(session, s, now, p.acquisitionNs(), policy.name(), policy.params(), p.inputs(),
                Decision.ISSUED, v.clamps(), clip(reason), c));
        lastIssued = p;
        lastIssuedNs = now;
        lastRefused = null;
        policy.outcome(p, v.params(), now);
    }

    /**
     * Audits a refusal, except a repeat within half a window: under a safe-state guard any proposal refused by the
     * same rule is a repeat (a controller-side loop proposes a new flow every few ms); otherwise only the same
     * presentation refused by the same rule.
     */
    private void refuse(Proposal p, Refusal r, long now, boolean guard) {
        if (lastRefused != null && r.rule().equals(lastRefusedRule) && now - lastRefusedNs < validityNs / 2
                && (guard || p.samePresentation(lastRefused.stimulus(), lastRefused.params(), lastRefused.condition()))) {
            stats.suppressedRefusal(r.rule());
            policy.outcome(p, null, now);
            return;
        }
        long s = seq.next(now);
        StimulusCommand proposed = new StimulusCommand(session, s, now, p.acquisitionNs(), now, now + windowNs(p),
                p.stimulus(), p.params(), policy.name(), p.condition());
        audit(new AuditRecord(session, s, now, p.acquisitionNs(), policy.name(), policy.params(), p.inputs(),
                Decision.REFUSED, r.rule(), clip("refused " + p.stimulus() + " " + p.params() + ": " + r.reason()),
                proposed));
        lastRefused = p;
        lastRefusedRule = r.rule();
        lastRefusedNs = now;
        policy.outcome(p, null, now);
    }

    /** Sends SAFE_STATE when the rig may be presenting something (or always, for a manual stop). */
    private void goSafe(Refusal r, List<InputRef> refs, long now, boolean always) {
        if (!always && (lastCommand == null || lastCommand.stimulus() == Stimulus.SAFE_STATE)) {
            return;
        }
        long s = seq.next(now);
        long acq = acquisitionOr(now);
        StimulusCommand c = new StimulusCommand(session, s, now, acq, now, now + validityNs, Stimulus.SAFE_STATE,
                Map.of(), policy.name(), null);
        send(c, -1);
        audit(new AuditRecord(session, s, now, acq, policy.name(), policy.params(), refs, Decision.SAFE_STATE,
                r.rule(), clip("safe state: " + r.reason()), c));
        lastIssued = null;
        manualUntilNs = Long.MIN_VALUE; // the safe state replaced any manual command: the policy decides again
    }

    private void send(StimulusCommand c, long inputAcquisitionNs) {
        safety.sent(c.stimulus(), c.params(), c.issuedNs(), c.validUntilNs());
        lastCommand = c;
        stats.command(c);
        sink.command(c, inputAcquisitionNs);
    }

    private void audit(AuditRecord a) {
        stats.decision(a);
        sink.audit(a);
    }

    private long windowNs(Proposal p) {
        Double d = p.params().get("durationS");
        if (d != null && safety.limits().pulsed().contains(p.stimulus())) {
            double capped = Math.min(d, safety.limits().maxPulseS());
            return Math.max(validityNs, Math.round(capped * 1e9));
        }
        if (p.stimulus() == Stimulus.FLASH) {
            return Math.max(validityNs, Math.round(Math.min(1.0, safety.limits().maxPulseS()) * 1e9));
        }
        return validityNs;
    }

    private long acquisitionOr(long now) {
        long newest = -1;
        for (InputKind k : InputKind.values()) {
            newest = Math.max(newest, safety.freshness().newest(k));
        }
        return newest >= 0 ? newest : now;
    }

    private static InputKind kindOf(PolicyInput in) {
        if (in instanceof PolicyInput.BehaviorInput) {
            return InputKind.BEHAVIOR;
        } else if (in instanceof PolicyInput.TraceInput) {
            return InputKind.TRACES;
        } else if (in instanceof PolicyInput.ForecastInput) {
            return InputKind.FORECASTS;
        }
        return null;
    }

    private static InputRef refOf(PolicyInput in) {
        if (in instanceof PolicyInput.BehaviorInput b) {
            return b.ref();
        } else if (in instanceof PolicyInput.TraceInput t) {
            return t.ref();
        } else if (in instanceof PolicyInput.ForecastInput f) {
            return f.ref();
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
