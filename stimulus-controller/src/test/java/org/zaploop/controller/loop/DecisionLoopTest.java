package org.zaploop.controller.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.policy.OptomotorPolicy;
import org.zaploop.controller.policy.Policy;
import org.zaploop.controller.policy.PolicyInput;
import org.zaploop.controller.policy.PolicyParams;
import org.zaploop.controller.policy.Proposal;
import org.zaploop.controller.safety.InputKind;
import org.zaploop.controller.safety.Rules;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

class DecisionLoopTest {

    static final long MS = 1_000_000L;
    static final long T0 = 1_700_000_000_000_000_000L;
    static final String S = "fish-01";

    final AtomicLong now = new AtomicLong(T0);
    final RecordingSink sink = new RecordingSink();
    long offset;

    DecisionLoop loop(Policy p) {
        return new DecisionLoop(S, p, new SafetyEnvelope(SafetyLimits.defaults()), sink, now::get, 0);
    }

    PolicyInput.BehaviorInput behavior(double vigor, long acqNs) {
        Behavior b = new Behavior(S, acqNs, offset * 60, offset * 60 + 59, vigor, vigor, vigor, 0, vigor > 0, false, -1);
        return new PolicyInput.BehaviorInput(b, new InputRef(Topics.BEHAVIOR.name(), 0, offset++, acqNs));
    }

    /** Advances the clock and feeds one fresh behaviour record (acquired 5 ms ago). */
    void feed(DecisionLoop l, long dtMs, double vigor) {
        now.addAndGet(dtMs * MS);
        l.onInput(behavior(vigor, now.get() - 5 * MS));
    }

    void ack(DecisionLoop l) {
        StimulusCommand c = sink.lastCommand();
        l.onRigEvent(new RigEvent(S, now.get(), RigEventKind.COMMAND_ACK, null, null, null, Map.of(),
                c == null ? 0 : c.seq(), null));
    }

    static Policy fixed(Stimulus s, Map<String, Double> p) {
        return fn(in -> new Proposal(s, p, null, in instanceof PolicyInput.BehaviorInput b ? List.of(b.ref()) : List.of(),
                in.acquisitionNs(), "fixed"));
    }

    static Policy fn(Function<PolicyInput, Proposal> f) {
        return new Policy() {
            public String name() {
                return "test";
            }

            public Map<String, Object> params() {
                return Map.of("k", 1L);
            }

            public Set<InputKind> needs() {
                return Set.of(InputKind.BEHAVIOR);
            }

            public long inputPeriodMs() {
                return 10;
            }

            public Proposal decide(PolicyInput in) {
                return in instanceof PolicyInput.Tick ? null : f.apply(in);
            }
        };
    }

    @Test
    void optomotorIssuesGratingsWithIncreasingSeqAndAWindowAndAnAuditWithItsInputs() {
        DecisionLoop l = loop(new OptomotorPolicy(new PolicyParams(Map.of("blockS", "1"))));
        feed(l, 0, 0.2);
        assertEquals(1, sink.commands.size());
        StimulusCommand c = sink.commands.get(0);
        assertEquals(Stimulus.GRATING, c.stimulus());
        assertEquals(Map.of("velocity", 10.0, "gain", 0.5), c.params());
        assertEquals(now.get(), c.validFromNs());
        assertEquals(now.get() + 200 * MS, c.validUntilNs(), "2 × 10 ms input period, at least 200 ms");
        assertEquals(now.get() / 1000, c.seq(), "seq = clock in µs");
        assertEquals(now.get() - 5 * MS, c.acquisitionNs());
        AuditRecord a = sink.audits.get(0);
        assertEquals(Decision.ISSUED, a.decision());
        assertEquals(c, a.command());
        assertEquals(c.seq(), a.seq());
        assertEquals("optomotor", a.policy());
        assertEquals(List.of(new InputRef("zl.behavior", 0, 0, now.get() - 5 * MS)), a.inputs());
        assertEquals(0.5, a.policyParams().get("gains") instanceof String ? 0.5 : -1);

        // identical proposals within half the window are held, then refreshed
        for (int i = 0; i < 9; i++) {
            feed(l, 10, 0.3);
        }
        assertEquals(1, sink.commands.size());
        feed(l, 10, 0.3);
        assertEquals(2, sink.commands.size(), "refreshed at half the window");
        // the gain block changes after 1 s: a new command at once
        for (int i = 0; i < 100; i++) {
            feed(l, 10, 0.1);
            ack(l);
        }
        assertTrue(sink.commands.stream().anyMatch(x -> x.params().get("gain") == 1.5));
        long prev = -1;
        for (StimulusCommand x : sink.commands) {
            assertTrue(x.seq() > prev);
            prev = x.seq();
        }
        assertTrue(sink.audits(Decision.REFUSED).isEmpty());
    }

    @Test
    void controllerSideLoopSendsTheFlowItself() {
        DecisionLoop l = loop(new OptomotorPolicy(new PolicyParams(Map.of("loop", "controller"))));
        feed(l, 0, 0.25);
        assertEquals(Map.of("velocity", 10 - 0.5 * 0.25 * 20, "gain", 0.0), sink.lastCommand().params());
        feed(l, 10, 0.5);
        assertEquals(2, sink.commands.size(), "a new flow on every record");
    }

    @Test
    void sequenceNumbersIncreaseEvenWhenTheClockStepsBack() {
        DecisionLoop l = loop(fn(in -> new Proposal(Stimulus.GRATING, Map.of("velocity", (double) offset), null,
                List.of(), in.acquisitionNs(), "")));
        feed(l, 0, 0);
        now.addAndGet(-50 * MS);
        feed(l, 0, 0);
        feed(l, 0, 0);
        assertEquals(3, sink.commands.size());
        assertTrue(sink.commands.get(1).seq() > sink.commands.get(0).seq());
        assertTrue(sink.commands.get(2).seq() > sink.commands.get(1).seq());
    }

    @Test
    void aClampIsIssuedAndAuditedWithWhatWasAskedAndWhatWasSent() {
        DecisionLoop l = loop(fixed(Stimulus.DOTS, Map.of("intensity", 1.7, "velocity", 12.0)));
        feed(l, 0, 0);
        StimulusCommand c = sink.lastCommand();
        assertEquals(1.0, c.params().get("intensity"));
        AuditRecord a = sink.audits.get(0);
        assertEquals(Decision.ISSUED, a.decision());
        assertEquals(Rules.MAX_INTENSITY, a.rule());
        assertTrue(a.reason().contains("intensity asked 1.7, sent 1.0"), a.reason());
        feed(l, 10, 0);
        assertEquals(1, sink.commands.size(), "the same clamped proposal is held like any other");
    }

    @Test
    void staleInputsStopActuationAndPutTheRigInSafeStateOnce() {
        DecisionLoop l = loop(fixed(Stimulus.GRATING, Map.of("velocity", 10.0)));
        feed(l, 0, 0);
        ack(l);
        assertEquals(1, sink.commands.size());
        // the input stops: ticks within the limit do nothing, then one SAFE_STATE
        now.addAndGet(200 * MS);
        l.tick();
        assertEquals(1, sink.commands.size());
        now.addAndGet(100 * MS);
        l.tick();
        l.tick();
        assertEquals(2, sink.commands.size());
        assertEquals(Stimulus.SAFE_STATE, sink.lastCommand().stimulus());
        AuditRecord safe = sink.audits(Decision.SAFE_STATE).get(0);
        assertEquals(Rules.STALE_INPUT, safe.rule());
        assertTrue(safe.reason().contains("ms old"), safe.reason());
        // a late, old record is refused, not acted on
        now.addAndGet(10 * MS);
        l.onInput(behavior(0, now.get() - 400 * MS));
        assertEquals(2, sink.commands.size());
        assertEquals(Rules.STALE_INPUT, sink.audits(Decision.REFUSED).get(0).rule());
        // fresh data again: control resumes
        feed(l, 10, 0);
        assertEquals(Stimulus.GRATING, sink.lastCommand().stimulus());
    }

    @Test
    void manualStopLatchesSafeStateUntilCleared() {
        DecisionLoop l = loop(fixed(Stimulus.GRATING, Map.of("velocity", 10.0)));
        feed(l, 0, 0);
        assertTrue(l.stop("operator"));
        assertFalse(l.stop("again"));
        assertEquals(Stimulus.SAFE_STATE, sink.lastCommand().stimulus());
        int commands = sink.commands.size();
        for (int i = 0; i < 50; i++) {
            feed(l, 10, 0);
            ack(l);
            l.tick();
        }
        assertEquals(commands, sink.commands.size(), "no command while stopped");
        List<AuditRecord> refused = sink.audits(Decision.REFUSED);
        assertFalse(refused.isEmpty());
        assertTrue(refused.stream().allMatch(a -> a.rule().equals(Rules.MANUAL_STOP)));
        assertTrue(refused.size() <= 11, "identical refusals audited once per half window, got " + refused.size());
        assertTrue(l.stats().suppressedRefusals() > 0);
        assertTrue(l.clear());
        assertFalse(l.clear());
        feed(l, 10, 0);
        assertEquals(Stimulus.GRATING, sink.lastCommand().stimulus());
    }

    @Test
    void whileStoppedAControllerSideLoopDoesNotFloodTheAuditTrail() {
        DecisionLoop l = loop(new OptomotorPolicy(new PolicyParams(Map.of("loop", "controller"))));
        feed(l, 0, 0.1);
        l.stop("test");
        sink.clear();
        for (int i = 0; i < 100; i++) {
            feed(l, 10, i / 100.0); // a different flow every record
        }
        assertTrue(sink.commands.isEmpty());
        assertTrue(sink.audits.size() <= 11, "one refusal per half window, got " + sink.audits.size());
        assertTrue(sink.audits.stream().allMatch(a -> a.decision() == Decision.REFUSED
                && Rules.MANUAL_STOP.equals(a.rule())));
    }

    @Test
    void aSilentRigPutsTheControllerInSafeStateUntilItAnswers() {
        DecisionLoop l = loop(fixed(Stimulus.GRATING, Map.of("velocity", 10.0)));
        feed(l, 0, 0);
        for (int i = 0; i < 210; i++) {
            feed(l, 10, 0); // commands refresh, no ack ever comes
        }
        AuditRecord safe = sink.audits(Decision.SAFE_STATE).get(0);
        assertEquals(Rules.RIG_HEARTBEAT, safe.rule());
        assertEquals(Stimulus.SAFE_STATE, sink.lastCommand().stimulus());
        int n = sink.commands.size();
        feed(l, 10, 0);
        assertEquals(n, sink.commands.size());
        ack(l); // the rig acknowledges the SAFE_STATE command
        feed(l, 10, 0);
        assertEquals(Stimulus.GRATING, sink.lastCommand().stimulus());
    }

    @Test
    void refusalsByTheBudgetAreAuditedWithTheRuleAndTheProposedCommand() {
        DecisionLoop l = loop(fn(in -> new Proposal(Stimulus.FLASH,
                Map.of("intensity", 1.0, "durationS", 0.5 + (offset % 2) * 0.1), null, List.of(), in.acquisitionNs(),
                "flash")));
        feed(l, 0, 0);
        ack(l);
        feed(l, 700, 0); // the 0.6 s flash is over; the next may start 1 s after its end
        assertEquals(1, sink.commands.size());
        AuditRecord r = sink.audits(Decision.REFUSED).get(0);
        assertEquals(Rules.REFRACTORY, r.rule());
        assertEquals(Stimulus.FLASH, r.command().stimulus());
        assertTrue(r.reason().startsWith("refused FLASH"), r.reason());
        assertNull(l.stats().refusals().get(Rules.MAX_RATE));
        assertEquals(1L, l.stats().refusals().get(Rules.REFRACTORY));
    }

    @Test
    void aFlashIsOneShotAndItsWindowCoversItsDuration() {
        DecisionLoop l = loop(fixed(Stimulus.FLASH, Map.of("intensity", 1.0, "durationS", 1.0)));
        feed(l, 0, 0);
        StimulusCommand c = sink.lastCommand();
        assertEquals(1000 * MS, c.validUntilNs() - c.validFromNs());
        for (int i = 0; i < 20; i++) {
            feed(l, 10, 0);
            ack(l);
        }
        assertEquals(1, sink.commands.size(), "the same FLASH proposal is not repeated");
        assertTrue(sink.audits(Decision.REFUSED).isEmpty());
    }
}
