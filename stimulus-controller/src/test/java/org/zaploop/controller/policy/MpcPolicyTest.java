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
        return policy(objective, false);
    }

    static MpcPolicy policy(String objective, boolean interpolate) {
        return new MpcPolicy(new PolicyParams(Map.of("neurons", "1,5", "target", "0.2", "objective", objective,
                "candidates", "3", "steps", "8", "interpolate", String.valueOf(interpolate))));
    }

    /** A complete frame of traces in which the target neurons 1 and 5 read {@code mean}. */
    PolicyInput traces(long frame, float mean, long acqNs) {
        float[] v = new float[8];
        Arrays.fill(v, 9f);
        v[1] = mean;
        v[5] = mean;
        org.zaploop.protocol.records.TraceBlock t = new org.zaploop.protocol.records.TraceBlock(S, frame, 0, 0, acqNs,
                false, v, null);
        return new PolicyInput.TraceInput(t, new InputRef("zl.traces", 0, offset++, acqNs));
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
    void blendsTheTwoNeighbouringIntensitiesThatBracketTheTarget() {
        MpcPolicy p = policy("setpoint", true);
        feed(p, predictions("mpc.OFF", 7, 0.02f, T0));
        feed(p, predictions("mpc.PHOTOSTIM.intensity.1", 7, 0.55f, T0));
        Proposal pr = feed(p, predictions("mpc.PHOTOSTIM.intensity.0.4", 7, 0.1f, T0));
        // linear between 0.4 (predicts 0.1) and 1 (predicts 0.55): 0.2 is reached at 0.4 + 0.6 × 0.1 / 0.45
        assertEquals(Stimulus.PHOTOSTIM, pr.stimulus());
        assertEquals(0.4 + 0.6 * 0.1 / 0.45, pr.params().get("intensity"), 1e-4);
        assertTrue(pr.note().contains("blend") && pr.note().contains("chose PHOTOSTIM.intensity.0.5333"),
                pr.note());
    }

    @Test
    void correctsAModelThatIsSteadilyOffByItsOneFrameError() {
        MpcPolicy p = policy("setpoint", true);
        long frameNs = 914_100_000L;
        double first = Double.NaN;
        double last = Double.NaN;
        for (int f = 0; f < 40; f++) {
            long acq = T0 + f * frameNs;
            // the fish reads 0.1 above whatever the model predicted for this frame (a steady model error)
            if (f > 0) {
                p.decide(traces(f, (float) (predictedAt(last) + 0.1), acq));
            }
            feed(p, predictions("mpc.PHOTOSTIM.intensity.0", f, 0.0f, acq));
            feed(p, predictions("mpc.PHOTOSTIM.intensity.1", f, 0.5f, acq));
            Proposal pr = feed(p, predictions("mpc.PHOTOSTIM.intensity.0.5", f, 0.25f, acq));
            last = pr.params().getOrDefault("intensity", 0.0);
            first = Double.isNaN(first) ? last : first;
        }
        assertEquals(0.4, first, 1e-3, "without a correction yet: the model's own answer, 0.2 / 0.5 per unit");
        assertEquals(0.2, last, 0.01, "with the model 0.1 low, the fish needs 0.1 / 0.5 per unit");
        assertEquals(0.1, p.offset(0), 0.005, "the disturbance estimate converges to the model's error");
        assertEquals(0.1, p.offset(7), 0.005);
    }

    /** What the test's model predicts at every step for an intensity: 0.5 ΔF/F per unit. */
    private static double predictedAt(double intensity) {
        return 0.5 * intensity;
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
    void holdingASetpointItNeedsTheMeasuredTracesAndStaysInsideTheEnvelope() {
        AtomicLong now = new AtomicLong(T0);
        RecordingSink sink = new RecordingSink();
        SafetyLimits limits = SafetyLimits.defaults();
        MpcPolicy mpc = policy("setpoint", true);
        assertTrue(mpc.needs().contains(org.zaploop.controller.safety.InputKind.TRACES), "offset correction");
        DecisionLoop loop = new DecisionLoop(S, mpc, new SafetyEnvelope(limits), sink, now::get, 0);
        loop.onInput(traces(2, 0.1f, T0 - 6_000_000L));
        for (String c : List.of("mpc.OFF", "mpc.PHOTOSTIM.intensity.0.4", "mpc.PHOTOSTIM.intensity.1")) {
            for (PolicyInput in : predictions(c, 3, c.endsWith(".1") ? 5f : 0.1f, T0 - 5_000_000L)) {
                loop.onInput(in);
            }
        }
        StimulusCommand sent = sink.lastCommand();
        assertEquals(Stimulus.PHOTOSTIM, sent.stimulus());
        assertTrue(sent.params().get("intensity") <= limits.maxPhotostimIntensity(),
                "the envelope clamps a blended intensity too: " + sent.params());
    }

    @Test
    void rejectsAnUnknownObjective() {
        assertThrows(IllegalArgumentException.class, () -> new MpcPolicy(new PolicyParams(Map.of("neurons", "1",
                "objective", "minimise"))));
    }
}
