package org.zaploop.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZapbenchConditionsTest {

    @Test
    void theNineConditionsTileTheRecording() {
        int sum = 0;
        for (int k = 0; k < ZapbenchConditions.COUNT; k++) {
            assertEquals(sum, ZapbenchConditions.scaledStart(k, ZapbenchConditions.RECORDING_FRAMES), "start of " + k);
            sum += ZapbenchConditions.frames(k);
        }
        assertEquals(ZapbenchConditions.RECORDING_FRAMES, sum);
        assertEquals(649, ZapbenchConditions.frames(0));
        assertEquals("taxis", ZapbenchConditions.name(ZapbenchConditions.TAXIS));
    }

    @Test
    void scaledBoundariesKeepOrderAndEnds() {
        for (int frames : new int[] {9, 120, 2400, 10_000}) {
            assertEquals(0, ZapbenchConditions.scaledStart(0, frames));
            assertEquals(frames, ZapbenchConditions.scaledStart(ZapbenchConditions.COUNT, frames));
            for (int k = 0; k < ZapbenchConditions.COUNT; k++) {
                assertTrue(ZapbenchConditions.scaledStart(k, frames) <= ZapbenchConditions.scaledStart(k + 1, frames));
            }
        }
    }

    @Test
    void anUnknownConditionIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZapbenchConditions.frames(9));
        assertTrue(e.getMessage().contains("condition 9"), e.getMessage());
        assertEquals("condition-12", ZapbenchConditions.name(12));
    }
}
