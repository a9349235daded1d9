package org.zaploop.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.loop.DecisionLoop;
import org.zaploop.controller.loop.RecordingSink;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

class MpcPolicyTest {

    static final long T0 = 1_700_000_000_000_000_000L;
    static final String S = "fish-01";
    long offset;

    /** Two blocks of 4 neurons; the target neurons 1 and 5 are predicted at {@code target}, the others at 9. */
    List<PolicyInput> predictions(String forecaster, long frame, float target, long acqNs) {
        return List.of(block(forecaster, frame, 0, target, acqNs), block(forecaster, frame, 1, target, acqNs));
    }

    PolicyInput block(String forecaster, long frame, int block, float target, long acqNs) {
        int steps = 8;
        float[] v = new float[steps * 4];
        Arrays.fill(v, 9f);
        for (int s = 0; s < steps; s++) {
            v[s * 4 + 1] = target;
        }
        ForecastBlock f = new ForecastBlock(S, forecaster, frame, block, 4 * block, 4, 10, steps, acqNs, v);
        return new PolicyInput.ForecastInput(f, new InputRef("zl.forecasts", block, offset++, acqNs));
    }

    static MpcPolicy policy(String objective) {
        return new MpcPolicy(new PolicyParams(Map.of("neurons", "1,5", "target", "0.2", "objective", objective,
                "candidates", "3", "steps", "8")));
    }

    Proposal feed(MpcPolicy p, List<PolicyInput> inputs) {
        Proposal last = null;
        for (PolicyInput in : inputs) {
            Proposal pr = p.decide(in);
            if (pr != null) {
                assertNull(last, "one decision per frame");
                last = pr;
            }
        }
        return last;
    }

    @Test
    void picksTheCandidateWhosePredictedResponseIsClosestToTheTarget() {
        MpcPolicy p = policy("setpoint");
        assertNull(feed(p, predictions("mpc.OFF", 7, 0.02f, T0)));
        assertNull(feed(p, predictions("mpc.PHOTOSTIM.intensity.1", 7, 0.55f, T0)));
        assertNull(p.decide(block("twin", 7, 0, 0.2f, T0)), "an ordinary forecaster is not a candidate");
        Proposal pr = feed(p, predictions("mpc.PHOTOSTIM.intensity.0.4", 7, 0.19f, T0));
        assertEquals(Stimulus.PHOTOSTIM, pr.stimulus());
        assertEquals(0.4, pr.params().get("intensity"), 1e-12);
        assertEquals(6, pr.inputs().size(), "every block of every candidate is in the audit trail");
        assertTrue(pr.note().contains("OFF 0.0200") && pr.note().contains("PHOTOSTIM.intensity.1 0.5500")
                && pr.note().contains("chose PHOTOSTIM.intensity.0.4"), pr.note());
        assertNull(feed(p, predictions("mpc.OFF", 7, 0.2f, T0)), "the frame is decided");
    }

    @Test
    void maximisingPicksTheLargestPredictedResponse() {
        MpcPolicy p = policy("maximize");
        feed(p, predictions("mpc.OFF", 3, 0.02f, T0));
        feed(p, predictions("mpc.PHOTOSTIM.intensity.0.4", 3, 0.19f, T0));
        Proposal pr = feed(p, predictions("mpc.PHOTOSTIM.intensity.1", 3, 0.55f, T0));
        assertEquals(1.0, pr.params().get("intensity"), 1e-12);
    }

    @Test
    void decidesOnWhatIsCompleteWhenTheNextFrameBegins() {
        MpcPolicy p = policy("setpoint");
        feed(p, predictions("mpc.OFF", 3, 0.02f, T0));
        feed(p, predictions("mpc.PHOTOSTIM.intensity.1", 3, 0.55f, T0));
        assertNull(p.decide(block("mpc.PHOTOSTIM.intensity.0.4", 3, 0, 0.2f, T0)), "incomplete: still waiting");
        Proposal pr = p.decide(block("mpc.OFF", 4, 0, 0.3f, T0 + 914_100_000L));
        assertEquals(Stimulus.OFF, pr.stimulus(), "of the two complete, 0.02 is nearer 0.2 than 0.55");
        assertTrue(pr.note().contains("budget over"), pr.note());
    }

    @Test
    void staysInsideTheSafetyEnvelopeLikeEveryOtherPolicy() {
        AtomicLong now = new AtomicLong(T0);
        RecordingSink sink = new RecordingSink();
        SafetyLimits limits = SafetyLimits.defaults();
        DecisionLoop loop = new DecisionLoop(S, policy("maximize"), new SafetyEnvelope(limits), sink, now::get, 0);
        for (String c : List.of("mpc.OFF", "mpc.PHOTOSTIM.intensity.0.4", "mpc.PHOTOSTIM.intensity.1")) {
            for (PolicyInput in : predictions(c, 3, c.endsWith(".1") ? 0.9f : 0.1f, T0 - 5_000_000L)) {
                loop.onInput(in);
            }
        }
        StimulusCommand sent = sink.lastCommand();
        assertEquals(Stimulus.PHOTOSTIM, sent.stimulus());
        assertTrue(sent.params().get("intensity") <= limits.maxPhotostimIntensity(),
                "the envelope clamps what MPC asks for: " + sent.params());
        AuditRecord audit = sink.audits.get(sink.audits.size() - 1);
        assertEquals(Decision.ISSUED, audit.decision());
        assertEquals("mpc", audit.policy());
        assertTrue(audit.reason().contains("PHOTOSTIM.intensity.1"), audit.reason());
        // stale predictions are refused like any stale input
        now.addAndGet(60_000_000_000L);
        int issued = sink.commands.size();
        for (String c : List.of("mpc.OFF", "mpc.PHOTOSTIM.intensity.0.4", "mpc.PHOTOSTIM.intensity.1")) {
            for (PolicyInput in : predictions(c, 4, 0.5f, T0)) {
                loop.onInput(in);
            }
        }
        AuditRecord stale = sink.audits.get(sink.audits.size() - 1);
        assertTrue(stale.decision() != Decision.ISSUED, "predictions a minute old must not actuate: " + stale);
        assertTrue(sink.commands.size() == issued || sink.lastCommand().stimulus() == Stimulus.SAFE_STATE,
                "nothing but the safe state goes out on stale predictions");
    }

    @Test
    void rejectsAnUnknownObjective() {
        assertThrows(IllegalArgumentException.class, () -> new MpcPolicy(new PolicyParams(Map.of("neurons", "1",
                "objective", "minimise"))));
    }
}
