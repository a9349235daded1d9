package org.zaploop.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Stimulus;

class ForecastTriggerPolicyTest {

    static final long T0 = 1_700_000_000_000_000_000L;

    /** A forecast block of 4 neurons starting at {@code first}, horizon 8, value {@code v(step)} for all. */
    static PolicyInput.ForecastInput fc(long frame, int block, int first, java.util.function.IntToDoubleFunction v) {
        float[] values = new float[8 * 4];
        for (int s = 0; s < 8; s++) {
            for (int i = 0; i < 4; i++) {
                values[s * 4 + i] = (float) v.applyAsDouble(s);
            }
        }
        long acq = T0 + frame * 914_100_000L;
        return new PolicyInput.ForecastInput(new ForecastBlock("s", "linear", frame, block, first, 4, 4, 8, acq, values),
                new InputRef("zl.forecasts", block, frame, acq));
    }

    ForecastTriggerPolicy policy() {
        // the ensemble spans blocks 0 (neurons 0-3) and 1 (neurons 4-7)
        return new ForecastTriggerPolicy(new PolicyParams(Map.of("neurons", "2,5", "threshold", "0.3", "horizon", "3",
                "intensity", "0.8")));
    }

    @Test
    void triggersBeforeAPredictedCrossingOnceTheWholeEnsembleIsIn() {
        ForecastTriggerPolicy p = policy();
        assertNull(p.decide(fc(10, 0, 0, s -> 0.1)));
        assertNull(p.decide(fc(10, 1, 4, s -> 0.1)), "below threshold");
        assertNull(p.decide(fc(11, 0, 0, s -> s == 2 ? 0.5 : 0.1)), "half the ensemble: wait");
        Proposal pr = p.decide(fc(11, 1, 4, s -> s == 2 ? 0.5 : 0.1));
        assertNotNull(pr);
        assertEquals(Stimulus.FLASH, pr.stimulus());
        assertEquals(Map.of("intensity", 0.8, "durationS", 0.5), pr.params());
        assertEquals(2, pr.inputs().size(), "both blocks in the audit trail");
        assertTrue(pr.note().contains("in 3 frame(s)"), pr.note());
    }

    @Test
    void aCrossingBeyondTheHorizonDoesNotCountAndOneEventGivesOneStimulus() {
        ForecastTriggerPolicy p = policy();
        p.decide(fc(1, 0, 0, s -> s == 5 ? 0.9 : 0.1));
        assertNull(p.decide(fc(1, 1, 4, s -> s == 5 ? 0.9 : 0.1)), "step 5 is beyond the 3-frame horizon");
        p.decide(fc(2, 0, 0, s -> 0.4));
        assertNotNull(p.decide(fc(2, 1, 4, s -> 0.4)));
        p.decide(fc(3, 0, 0, s -> 0.4));
        assertNull(p.decide(fc(3, 1, 4, s -> 0.4)), "still the same event");
        p.decide(fc(4, 0, 0, s -> 0.27));
        assertNull(p.decide(fc(4, 1, 4, s -> 0.27)), "inside the hysteresis band: not re-armed");
        p.decide(fc(5, 0, 0, s -> 0.4));
        assertNull(p.decide(fc(5, 1, 4, s -> 0.4)));
        p.decide(fc(6, 0, 0, s -> 0.1));
        assertNull(p.decide(fc(6, 1, 4, s -> 0.1)), "re-armed");
        p.decide(fc(7, 0, 0, s -> 0.4));
        assertNotNull(p.decide(fc(7, 1, 4, s -> 0.4)), "a new event");
    }

    @Test
    void blocksWithoutTargetNeuronsAndDuplicatesAreIgnored() {
        ForecastTriggerPolicy p = policy();
        assertNull(p.decide(fc(1, 5, 100, s -> 9)));
        p.decide(fc(1, 0, 0, s -> 0.4));
        assertNull(p.decide(fc(1, 0, 0, s -> 0.4)), "a redelivered block is not a second half");
        assertNotNull(p.decide(fc(1, 1, 4, s -> 0.4)));
    }
}
