package org.zaploop.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.Stimulus;

class StimulationBudgetTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_000_000_000_000L;

    private static Refusal trySend(StimulationBudget b, Stimulus s, Map<String, Double> p, long now, long windowMs) {
        Refusal r = b.refusal(s, p, now, now + windowMs * MS);
        if (r == null) {
            b.sent(s, p, now, now + windowMs * MS);
        }
        return r;
    }

    @Test
    void rateLimitCountsASlidingSecond() {
        StimulationBudget b = new StimulationBudget(SafetyLimits.defaults().with(Map.of("maxCommandsPerSecond", "10")));
        for (int i = 0; i < 10; i++) {
            assertNull(trySend(b, Stimulus.GRATING, Map.of("velocity", 10.0), T0 + i * MS, 100));
        }
        Refusal r = trySend(b, Stimulus.GRATING, Map.of("velocity", 10.0), T0 + 10 * MS, 100);
        assertNotNull(r);
        assertEquals(Rules.MAX_RATE, r.rule());
        // SAFE_STATE is never rate-limited
        assertNull(trySend(b, Stimulus.SAFE_STATE, Map.of(), T0 + 11 * MS, 100));
        // a second after the first command, one slot is free again
        assertNull(trySend(b, Stimulus.GRATING, Map.of("velocity", 10.0), T0 + 1000 * MS, 100));
        assertNotNull(trySend(b, Stimulus.GRATING, Map.of("velocity", 10.0), T0 + 1000 * MS + 1, 100));
    }

    @Test
    void refractoryTimeBetweenPulses() {
        StimulationBudget b = new StimulationBudget(SafetyLimits.defaults());
        Map<String, Double> flash = Map.of("intensity", 1.0, "durationS", 1.0);
        assertNull(trySend(b, Stimulus.FLASH, flash, T0, 1000));
        // the flash ends at +1 s, the next may start at +2 s
        Refusal r = trySend(b, Stimulus.FLASH, flash, T0 + 1500 * MS, 1000);
        assertNotNull(r);
        assertEquals(Rules.REFRACTORY, r.rule());
        assertEquals(Rules.REFRACTORY, trySend(b, Stimulus.PHOTOSTIM, Map.of("intensity", 0.3), T0 + 1999 * MS, 200).rule());
        assertNull(trySend(b, Stimulus.FLASH, flash, T0 + 2000 * MS, 1000));
    }

    @Test
    void aPulseCutShortByAnotherCommandEndsThere() {
        StimulationBudget b = new StimulationBudget(SafetyLimits.defaults());
        assertNull(trySend(b, Stimulus.FLASH, Map.of("intensity", 1.0), T0, 1000));
        assertNull(trySend(b, Stimulus.OFF, Map.of(), T0 + 200 * MS, 100));
        assertNotNull(trySend(b, Stimulus.FLASH, Map.of("intensity", 1.0), T0 + 1100 * MS, 1000));
        assertNull(trySend(b, Stimulus.FLASH, Map.of("intensity", 1.0), T0 + 1200 * MS, 1000));
    }

    @Test
    void aContinuingPhotostimIsNotANewOnsetButCountsTowardsTheDutyCycle() {
        StimulationBudget b = new StimulationBudget(SafetyLimits.defaults()
                .with(Map.of("dutyWindowMs", "10000", "maxDutyCycle", "0.25")));
        long t = T0;
        int sent = 0;
        Refusal last = null;
        for (int i = 0; i < 100 && last == null; i++, t += 100 * MS) {
            last = trySend(b, Stimulus.PHOTOSTIM, Map.of("intensity", 0.3), t, 200);
            if (last == null) {
                sent++;
            }
        }
        assertNotNull(last);
        assertEquals(Rules.DUTY_CYCLE, last.rule());
        // 2.5 s of a 10 s window: 24 updates of 100 ms plus the last 200 ms window
        assertEquals(24, sent, "updates before the duty cycle refused");
    }

    @Test
    void oneLongPulseBeyondTheDutyCycleIsRefused() {
        StimulationBudget b = new StimulationBudget(SafetyLimits.defaults()
                .with(Map.of("dutyWindowMs", "4000", "maxDutyCycle", "0.25")));
        Refusal r = trySend(b, Stimulus.PHOTOSTIM, Map.of("intensity", 0.3, "durationS", 2.0), T0, 2000);
        assertNotNull(r);
        assertEquals(Rules.DUTY_CYCLE, r.rule());
        assertNull(trySend(b, Stimulus.PHOTOSTIM, Map.of("intensity", 0.3, "durationS", 1.0), T0, 2000));
    }

    @Test
    void zeroIntensityAndNonPulsedStimuliAreNotStimulation() {
        StimulationBudget b = new StimulationBudget(SafetyLimits.defaults());
        assertNull(trySend(b, Stimulus.FLASH, Map.of("intensity", 1.0), T0, 1000));
        assertNull(trySend(b, Stimulus.PHOTOSTIM, Map.of("intensity", 0.0), T0 + 10 * MS, 200));
        assertNull(trySend(b, Stimulus.GRATING, Map.of("velocity", 10.0), T0 + 20 * MS, 200));
        assertEquals(0.0, new StimulationBudget(SafetyLimits.defaults()).dutyCycle(T0));
    }

    @Test
    void theDutyCycleWindowSlides() {
        StimulationBudget b = new StimulationBudget(SafetyLimits.defaults()
                .with(Map.of("dutyWindowMs", "4000", "maxDutyCycle", "0.25", "refractoryMs", "0")));
        assertNull(trySend(b, Stimulus.FLASH, Map.of("intensity", 1.0, "durationS", 1.0), T0, 1000));
        assertEquals(Rules.DUTY_CYCLE, trySend(b, Stimulus.FLASH, Map.of("intensity", 1.0, "durationS", 0.5),
                T0 + 2000 * MS, 1000).rule());
        assertNull(trySend(b, Stimulus.FLASH, Map.of("intensity", 1.0, "durationS", 0.5), T0 + 4500 * MS, 1000));
    }
}
