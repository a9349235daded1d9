package org.zaploop.sim.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramePerceptTest {

    private static final double PERIOD = 0.9141;

    @Test
    void aStimulusOtherThanAFlashStandsUntilTheNextCommand() {
        Map<String, Double> p = Map.of("velocity", 10.0);
        assertEquals(new FramePercept("GRATING", p), FramePercept.during("GRATING", p, 120, PERIOD));
        assertNull(FramePercept.during(null, null, 5, PERIOD).stimulus(), "nothing shown yet");
    }

    @Test
    void aFlashLightsItsFirstPeriodAndItsLastSecondFractionOfTheNext() {
        assertEquals(new FramePercept("FLASH", Map.of()), FramePercept.during("FLASH", Map.of(), 0, PERIOD));
        FramePercept second = FramePercept.during("FLASH", Map.of(), PERIOD, PERIOD);
        assertEquals("FLASH", second.stimulus());
        assertEquals((1.0 - PERIOD) / PERIOD, second.params().get("intensity"), 1e-12, "1 s of light, 0.914 s period");
        assertEquals(new FramePercept("OFF", Map.of()), FramePercept.during("FLASH", Map.of(), 2 * PERIOD, PERIOD));
    }

    @Test
    void aCommandedDurationAndIntensityAreKept() {
        Map<String, Double> p = Map.of("durationS", 0.25, "intensity", 0.8);
        FramePercept first = FramePercept.during("FLASH", p, 0, 1.0);
        assertEquals(0.2, first.params().get("intensity"), 1e-12, "a quarter of the period at 0.8");
        assertEquals(0.25, first.params().get("durationS"));
        assertEquals("OFF", FramePercept.during("FLASH", p, 1.0, 1.0).stimulus());
        Map<String, Double> longer = Map.of("durationS", 3.0, "intensity", 0.8);
        assertEquals(longer, FramePercept.during("FLASH", longer, 1.0, 1.0).params(),
                "a 3 s flash still lights the second period whole");
    }

    @Test
    void aLiveTwinEndsAFlashItWasToldOfOnce() {
        ShownStimulus shown = new ShownStimulus(PERIOD);
        assertNull(shown.during(3).stimulus());
        shown.command("FLASH", Map.of(), 75);
        assertEquals("FLASH", shown.during(75).stimulus());
        assertEquals((1.0 - PERIOD) / PERIOD, shown.during(76).params().get("intensity"), 1e-12);
        assertEquals("OFF", shown.during(77).stimulus());
        assertEquals("OFF", shown.during(500).stimulus());
        shown.command("GRATING", Map.of(), 501);
        assertEquals("GRATING", shown.during(900).stimulus());
        assertEquals("OFF", shown.candidate("FLASH", Map.of(), 2).stimulus(), "a candidate flash ends as well");
        assertThrows(IllegalArgumentException.class, () -> new ShownStimulus(0));
    }

    @Test
    void aRecordedSessionShowsTheTwinTheFlashTheFishSaw(@TempDir Path dir) throws Exception {
        RecordedSession s = TwinFixtures.recorded(dir, 20, "OFF", "FLASH");
        int onset = -1;
        for (int f = 0; f < s.frames(); f++) {
            if ("FLASH".equals(s.stimulus()[f])) {
                onset = f;
                break;
            }
        }
        assertEquals(10, onset, "the second half of the schedule");
        assertEquals(Map.of(), s.params().get(onset), "lit for the whole first period");
        assertEquals((1.0 - PERIOD) / PERIOD, s.params().get(onset + 1).get("intensity"), 1e-12);
        for (int f = onset + 2; f < s.frames(); f++) {
            assertEquals("OFF", s.stimulus()[f], "frame " + f + ": the flash is over, though no command said so");
        }
    }
}
