package org.zaploop.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.bench.PolicyBench;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.TraceBlock;

class SetpointPolicyTest {

    static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void piHoldsTheSetpointFarBetterThanOpenLoopOnAMismatchedDriftingPlant() {
        for (long seed = 1; seed <= 3; seed++) {
            PolicyBench.SetpointResult r = PolicyBench.setpoint(0.2, 600, 30, seed);
            assertTrue(r.ratio() < 0.4, "closed/open RMS " + r);
            assertTrue(r.closedRms() < 0.03, "closed RMS " + r);
        }
    }

    @Test
    void antiWindupLetsTheOutputLeaveSaturationPromptly() {
        PiController pi = new PiController(1.0, 0.5, 0, 1);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1.0, pi.update(5.0, 1.0)); // an unreachable target for a long time
        }
        assertTrue(pi.integral() <= 1.0, "the integral did not wind up: " + pi.integral());
        double u = pi.update(-0.2, 1.0); // the target drops below the measurement
        assertTrue(u < 1.0, "out of saturation at once, got " + u);
    }

    @Test
    void refusalsAndClampsFeedBackIntoTheIntegral() {
        PiController pi = new PiController(0.0, 1.0, 0, 1);
        pi.update(0.2, 1.0);
        pi.track(0.2, Double.NaN); // refused: nothing went out
        assertEquals(0.0, pi.integral(), 1e-12);
        pi.update(0.3, 1.0);
        pi.track(0.3, 0.1); // clamped to 0.1 by the envelope
        assertEquals(0.1, pi.integral(), 1e-12);
    }

    @Test
    void decidesOncePerCompleteFrameOfTheChosenNeurons() {
        SetpointPolicy p = new SetpointPolicy(new PolicyParams(Map.of("neurons", "1,5", "target", "0.3", "kp", "1",
                "ki", "0")));
        TraceBlock a = new TraceBlock("s", 7, 0, 0, T0, false, new float[]{9, 0.1f, 9, 9}, null);
        TraceBlock b = new TraceBlock("s", 7, 1, 4, T0, false, new float[]{9, 0.1f, 9, 9}, null);
        assertNull(p.decide(new PolicyInput.TraceInput(a, new InputRef("zl.traces", 0, 1, T0))));
        Proposal pr = p.decide(new PolicyInput.TraceInput(b, new InputRef("zl.traces", 1, 1, T0)));
        assertEquals(Stimulus.PHOTOSTIM, pr.stimulus());
        assertEquals(0.2, pr.params().get("intensity"), 1e-6);
        assertEquals(2, pr.inputs().size());
    }
}
