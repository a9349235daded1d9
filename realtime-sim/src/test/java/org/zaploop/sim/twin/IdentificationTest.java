package org.zaploop.sim.twin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentificationTest {

    @Test
    void theScheduleAlternatesProbesWithRestAndEndsAtRest() {
        assertArrayEquals(new double[] {0, 0, 0.1, 0.1, 0, 0, 0.3, 0.3, 0, 0},
                Identification.schedule(new double[] {0.1, 0.3}, 2));
        assertThrows(IllegalArgumentException.class, () -> Identification.schedule(new double[] {0.1}, 0));
    }

    /**
     * A "fish" that is a twin whose hindbrain responds to PHOTOSTIM 1.8× as strongly as the drive rules say, probed
     * by the schedule: the fit of an unfitted twin to the recording recovers a gain near 1.8, not 1.
     */
    @Test
    void recoversAKnownPhotostimGainFromAProbingRecording() {
        RegionMap map = TwinFixtures.table(900, 2);
        TwinParams params = TwinParams.defaults(0.9141).againstTruth().withSeed(3);
        List<String> regions = map.regionNames();
        int hind = regions.indexOf("hindbrain");
        double[][] gain = TwinModel.ones(regions.size(), 1);
        gain[hind][0] = 1.8;
        TwinModel truth = new TwinModel(regions, new double[regions.size()], List.of("PHOTOSTIM"), gain);
        double[] probes = Identification.schedule(new double[] {0.1, 0.2, 0.3}, 4);
        Identification id = new Identification(map, 0.9141);
        float[] row = new float[map.measured()];
        try (DigitalTwin fish = new DigitalTwin(params, map, truth)) {
            for (int f = 0; f < probes.length; f++) {
                Map<String, Double> shown = Map.of("intensity", probes[f]);
                fish.present("PHOTOSTIM", shown);
                if (f == 0) {
                    fish.runFree(1, row, null);
                } else {
                    fish.stepFree(row, null);
                }
                id.add(row, "PHOTOSTIM", shown);
            }
        }
        assertEquals(28, id.frames());
        TwinFit.Result r = id.fit(params, 6, 0.25);
        double fitted = r.model().gain(hind, "PHOTOSTIM");
        assertTrue(Math.abs(fitted - 1.8) < 0.3, "fitted hindbrain PHOTOSTIM gain " + fitted + ", true 1.8");
        assertTrue(r.rmsHeldOut()[hind] < r.rmsBefore()[hind], "the fit should hold out better than the unfitted "
                + "twin: " + r.rmsBefore()[hind] + " -> " + r.rmsHeldOut()[hind]);
        assertThrows(IllegalArgumentException.class, () -> id.add(new float[3], "PHOTOSTIM", Map.of()));
        try (DigitalTwin follower = new DigitalTwin(params, map, r.model())) {
            id.replayInto(follower);
            assertEquals(27, follower.lastFrame(), "the twin has followed every identification frame");
            assertEquals("PHOTOSTIM", follower.stimulus());
            float[] last = new float[map.measured()];
            id.session().frame(27, last);
            assertThrows(IllegalArgumentException.class, () -> follower.observe(27, last),
                    "control frames are numbered after the identification's");
        }
    }
}
