package org.zaploop.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.Stimulus;

class BoundsTest {

    private final Bounds bounds = new Bounds(SafetyLimits.defaults());

    @Test
    void intensityIsClampedIntoZeroToMax() {
        Bounds.Clamped c = bounds.apply(Stimulus.FLASH, Map.of("intensity", 1.7));
        assertEquals(1.0, c.params().get("intensity"));
        assertEquals(List.of(Rules.MAX_INTENSITY), c.rules());
        assertTrue(c.notes().get(0).contains("asked 1.7") && c.notes().get(0).contains("sent 1.0"));
        assertEquals(0.0, bounds.apply(Stimulus.FLASH, Map.of("intensity", -0.3)).params().get("intensity"));
        assertEquals(1.0, bounds.apply(Stimulus.DOTS, Map.of("intensity", Double.MAX_VALUE)).params().get("intensity"));
    }

    @Test
    void photostimHasItsOwnLowerCeiling() {
        assertEquals(0.5, bounds.apply(Stimulus.PHOTOSTIM, Map.of("intensity", 0.9)).params().get("intensity"));
        assertEquals(0.9, bounds.apply(Stimulus.FLASH, Map.of("intensity", 0.9)).params().get("intensity"));
    }

    @Test
    void velocityMagnitudeGainAndPulseLength() {
        assertEquals(30.0, bounds.apply(Stimulus.GRATING, Map.of("velocity", 1e6)).params().get("velocity"));
        assertEquals(-30.0, bounds.apply(Stimulus.ROTATION, Map.of("velocity", -1e6)).params().get("velocity"));
        assertEquals(3.0, bounds.apply(Stimulus.GRATING, Map.of("gain", 99.0)).params().get("gain"));
        assertEquals(0.0, bounds.apply(Stimulus.GRATING, Map.of("gain", -1.0)).params().get("gain"));
        assertEquals(2.0, bounds.apply(Stimulus.PHOTOSTIM, Map.of("durationS", 60.0)).params().get("durationS"));
        Bounds.Clamped many = bounds.apply(Stimulus.GRATING, Map.of("velocity", 50.0, "gain", 5.0, "intensity", 2.0));
        assertEquals(3, many.rules().size());
    }

    @Test
    void valuesInsideTheEnvelopeAndOtherParamsPassUnchanged() {
        Map<String, Double> p = Map.of("velocity", 10.0, "gain", 1.5, "direction", 180.0);
        Bounds.Clamped c = bounds.apply(Stimulus.GRATING, p);
        assertFalse(c.changed());
        assertEquals(p, c.params());
    }
}
