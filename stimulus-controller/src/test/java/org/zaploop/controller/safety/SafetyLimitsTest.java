package org.zaploop.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.Stimulus;

class SafetyLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SafetyLimits d = SafetyLimits.defaults();
        assertEquals(1.0, d.maxIntensity());
        assertEquals(0.5, d.maxPhotostimIntensity());
        assertEquals(30.0, d.maxVelocityMmS());
        assertEquals(3.0, d.maxGain());
        assertEquals(120, d.maxCommandsPerSecond());
        assertEquals(1_000, d.refractoryMs());
        assertEquals(0.25, d.maxDutyCycle());
        assertEquals(250, d.maxBehaviorAgeMs());
        assertEquals(2_000, d.rigTimeoutMs());
        assertTrue(d.pulsed().contains(Stimulus.FLASH) && d.pulsed().contains(Stimulus.PHOTOSTIM));
    }

    @Test
    void overridesByName() {
        SafetyLimits s = SafetyLimits.defaults().with(Map.of("maxIntensity", "0.8", "refractoryMs", "500",
                "pulsed", "photostim"));
        assertEquals(0.8, s.maxIntensity());
        assertEquals(500, s.refractoryMs());
        assertEquals(java.util.Set.of(Stimulus.PHOTOSTIM), s.pulsed());
    }

    @Test
    void rejectsLimitsThatWouldDisableSafety() {
        SafetyLimits d = SafetyLimits.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.with(Map.of("maxIntensity", "1.5")));
        assertThrows(IllegalArgumentException.class, () -> d.with(Map.of("maxIntensity", "NaN")));
        assertThrows(IllegalArgumentException.class, () -> d.with(Map.of("maxGain", "-1")));
        assertThrows(IllegalArgumentException.class, () -> d.with(Map.of("maxDutyCycle", "2")));
        assertThrows(IllegalArgumentException.class, () -> d.with(Map.of("rigTimeoutMs", "0")));
        assertThrows(IllegalArgumentException.class, () -> d.with(Map.of("pulsed", "SAFE_STATE")));
        assertThrows(IllegalArgumentException.class, () -> d.with(Map.of("maxIntensty", "0.5")));
        assertThrows(IllegalArgumentException.class, () -> d.with(Map.of("refractoryMs", "lots")));
    }
}
