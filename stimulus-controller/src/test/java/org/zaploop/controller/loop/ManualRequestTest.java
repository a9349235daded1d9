package org.zaploop.controller.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.policy.Policies;
import org.zaploop.controller.safety.Rules;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.controller.policy.PolicyInput;

/** An operator's request goes through the same envelope as a policy, and is audited whatever becomes of it. */
class ManualRequestTest {

    static final long MS = 1_000_000L;
    static final long T0 = 1_700_000_000_000_000_000L;
    static final String S = "fish-01";

    final AtomicLong now = new AtomicLong(T0);
    final RecordingSink sink = new RecordingSink();
    final DecisionLoop loop = new DecisionLoop(S, Policies.create("optomotor", Map.of("loop", "controller")),
            new SafetyEnvelope(SafetyLimits.defaults()), sink, now::get, 0);

    static ManualRequest flash(double intensity) {
        return new ManualRequest(Stimulus.FLASH, Map.of("intensity", intensity, "durationS", 0.2), null, 5_000, "test");
    }

    void ack() {
        loop.onRigEvent(new RigEvent(S, now.get(), RigEventKind.COMMAND_ACK, null, null, null, Map.of(),
                sink.lastCommand().seq(), null));
    }

    @Test
    void anIntensityAboveTheBoundIsClampedAndAuditedAsManual() {
        ManualOutcome o = loop.manual(flash(5.0));
        assertTrue(o.issued());
        assertEquals(Rules.MAX_INTENSITY, o.rule());
        assertEquals(1.0, o.command().params().get("intensity"), "clamped to maxIntensity");
        assertEquals(1, sink.commands.size());
        AuditRecord a = sink.audits.get(0);
        assertEquals(Decision.ISSUED, a.decision());
        assertEquals(DecisionLoop.MANUAL_POLICY, a.policy());
        assertEquals(o.seq(), a.seq());
        assertEquals("test", a.policyParams().get("operator"));
        assertTrue(a.reason().contains("clamped"), a.reason());
    }

    @Test
    void aSecondFlashWithinTheRefractoryTimeIsRefusedAndTheRefusalIsAudited() {
        assertTrue(loop.manual(flash(0.5)).issued());
        ack();
        now.addAndGet(300 * MS); // the 200 ms pulse ended 100 ms ago; the refractory time is 1000 ms
        ManualOutcome o = loop.manual(flash(0.5));
        assertFalse(o.issued());
        assertEquals(Rules.REFRACTORY, o.rule());
        assertNull(o.command());
        assertEquals(1, sink.commands.size(), "nothing reached the rig");
        AuditRecord refusal = sink.audits(Decision.REFUSED).get(0);
        assertEquals(Rules.REFRACTORY, refusal.rule());
        assertEquals(DecisionLoop.MANUAL_POLICY, refusal.policy());
        assertEquals(o.seq(), refusal.seq());
        assertEquals(Stimulus.FLASH, refusal.command().stimulus(), "the refused command is recorded as asked");
        now.addAndGet(1_000 * MS);
        assertTrue(loop.manual(flash(0.5)).issued(), "allowed again after the refractory time");
    }

    @Test
    void aManualStopRefusesEveryRequestUntilCleared() {
        loop.stop("fish moved");
        ManualOutcome o = loop.manual(new ManualRequest(Stimulus.GRATING, Map.of("velocity", 10.0), 0, 1_000, null));
        assertFalse(o.issued());
        assertEquals(Rules.MANUAL_STOP, o.rule());
        assertEquals(Stimulus.SAFE_STATE, sink.lastCommand().stimulus());
        loop.clear();
        ack();
        assertTrue(loop.manual(new ManualRequest(Stimulus.GRATING, Map.of("velocity", 10.0), 0, 1_000, null)).issued());
    }

    @Test
    void aSilentRigRefusesRequests() {
        assertTrue(loop.manual(flash(0.5)).issued());
        now.addAndGet(3_000 * MS); // no acknowledgement for longer than rigTimeoutMs (2 s)
        ManualOutcome o = loop.manual(new ManualRequest(Stimulus.DARK, Map.of(), null, 1_000, null));
        assertEquals(Rules.RIG_HEARTBEAT, o.rule());
    }

    @Test
    void aValidManualCommandHoldsThePolicyAndSurvivesItsStaleInputs() {
        ManualOutcome o = loop.manual(new ManualRequest(Stimulus.GRATING, Map.of("velocity", 12.0), 0, 2_000, null));
        assertTrue(o.issued());
        ack();
        for (int i = 0; i < 10; i++) { // behaviour flows: the optomotor policy would send a command per frame
            now.addAndGet(20 * MS);
            loop.onInput(behavior(i, 0.5));
            loop.tick();
            ack();
        }
        assertEquals(1, sink.commands.size(), "the policy did not override the operator");
        now.addAndGet(1_000 * MS); // behaviour stops: stale for the policy, not for the manual command
        loop.tick();
        assertEquals(Stimulus.GRATING, sink.lastCommand().stimulus());
        now.addAndGet(1_000 * MS); // the manual window has ended: the staleness guard applies again
        loop.tick();
        assertEquals(Stimulus.SAFE_STATE, sink.lastCommand().stimulus());
    }

    @Test
    void aStopEndsTheManualCommandAndAfterTheClearThePolicyDecidesAgain() {
        assertTrue(loop.manual(new ManualRequest(Stimulus.GRATING, Map.of("velocity", 12.0), 0, 60_000, null)).issued());
        ack();
        loop.stop("operator");
        assertEquals(Stimulus.SAFE_STATE, sink.lastCommand().stimulus());
        loop.clear();
        ack();
        now.addAndGet(20 * MS);
        loop.onInput(behavior(1, 0.5));
        assertEquals(Stimulus.GRATING, sink.lastCommand().stimulus());
        assertEquals("optomotor", sink.lastCommand().policy(), "the policy, not the old manual command");
    }

    PolicyInput.BehaviorInput behavior(long offset, double vigor) {
        long acq = now.get() - 5 * MS;
        Behavior b = new Behavior(S, acq, offset * 60, offset * 60 + 59, vigor, vigor, vigor, 0, true, false, -1);
        return new PolicyInput.BehaviorInput(b, new InputRef("zl.behavior", 0, offset, acq));
    }

    @Test
    void malformedRequestsAreRejectedBeforeTheLoop() {
        assertThrows(IllegalArgumentException.class, () -> new ManualRequest(null, Map.of(), null, 1_000, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ManualRequest(Stimulus.FLASH, Map.of("intensity", Double.NaN), null, 1_000, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ManualRequest(Stimulus.FLASH, Map.of(), 9, 1_000, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ManualRequest(Stimulus.FLASH, Map.of(), null, ManualRequest.MAX_VALID_MS + 1, null));
    }
}
