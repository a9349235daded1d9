package org.zaploop.sim.twin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DigitalTwinTest {

    private static final int N = 1200;
    private static final int FRAMES = 70;
    private static final int SETTLE = 20;

    /** A known signal: every region's neurons follow a slow sine of their own phase around 0.6 ΔF/F. */
    private static float signal(int region, int frame) {
        return (float) (0.6 + 0.25 * Math.sin(2 * Math.PI * frame / 24.0 + region));
    }

    private static double[] track(RegionMap map, TwinParams params, double[][] measuredMean, double[][] simMean) {
        double[] err = new double[FRAMES];
        float[] y = new float[map.measured()];
        try (DigitalTwin twin = new DigitalTwin(params, map)) {
            for (int f = 0; f < FRAMES; f++) {
                for (int m = 0; m < y.length; m++) {
                    y[m] = signal(map.regionOf(m), f);
                }
                TwinFrame tf = twin.observe(f, y);
                err[f] = tf.overallError(map);
                for (int r = 0; r < map.regionNames().size(); r++) {
                    measuredMean[r][f] = tf.measuredMean()[r];
                    simMean[r][f] = tf.simulatedMean()[r];
                }
            }
        }
        return err;
    }

    @Test
    void nudgedTwinTracksAKnownSignalAndAFreeOneDoesNot() {
        RegionMap map = TwinFixtures.table(N, 3);
        int regions = map.regionNames().size();
        TwinParams nudged = TwinParams.defaults(0.9141).againstTruth();
        double[][] meas = new double[regions][FRAMES];
        double[][] sim = new double[regions][FRAMES];
        double[] err = track(map, nudged, meas, sim);
        double[][] freeSim = new double[regions][FRAMES];
        double[] freeErr = track(map, nudged.withGains(0, 0), new double[regions][FRAMES], freeSim);
        double tail = 0;
        double freeTail = 0;
        for (int f = SETTLE; f < FRAMES; f++) {
            tail += err[f] / (FRAMES - SETTLE);
            freeTail += freeErr[f] / (FRAMES - SETTLE);
        }
        assertTrue(tail < 0.5 * freeTail, "nudging should at least halve the tracking error: " + tail + " vs free "
                + freeTail);
        for (int r = 0; r < regions; r++) {
            double c = TwinFixtures.correlation(meas[r], sim[r], SETTLE);
            assertTrue(c > 0.8, map.regionNames().get(r) + ": simulated region mean should follow the signal, r = " + c);
        }
    }

    @Test
    void simulatingAheadOnACopyEqualsRunningTheTwinOn() {
        RegionMap map = TwinFixtures.table(900, 5);
        int n = map.measured();
        float[] y = new float[n];
        int h = 6;
        try (DigitalTwin twin = new DigitalTwin(TwinParams.defaults(0.9141).withSeed(11), map)) {
            for (int f = 0; f < 8; f++) {
                for (int m = 0; m < n; m++) {
                    y[m] = signal(map.regionOf(m), f) + 0.1f * (m % 7);
                }
                twin.observe(f, y);
            }
            twin.present("FLASH", Map.of("intensity", 1.0));
            float[] ahead = new float[h * n];
            float[] aheadRegions = new float[h * map.regionNames().size()];
            twin.simulateAhead(h, null, null, ahead, aheadRegions);
            float[] again = new float[h * n];
            twin.simulateAhead(h, null, null, again, null);
            assertArrayEquals(ahead, again, "simulating ahead must not disturb the live twin");
            float[] dark = new float[h * n];
            twin.simulateAhead(h, "DARK", Map.of(), dark, null);
            assertNotEquals(java.util.Arrays.hashCode(ahead), java.util.Arrays.hashCode(dark),
                    "another stimulus on the copy should predict something else");
            float[] onward = new float[h * n];
            float[] onwardRegions = new float[h * map.regionNames().size()];
            twin.runFree(h, onward, onwardRegions);
            assertArrayEquals(ahead, onward, "a copy simulated ahead must equal the twin run on, bit for bit");
            assertArrayEquals(aheadRegions, onwardRegions);
        }
    }

    @Test
    void simulatingAheadUnderAScheduleShowsEachFrameItsOwnStimulus() {
        RegionMap map = TwinFixtures.table(900, 5);
        int n = map.measured();
        int h = 5;
        float[] y = new float[n];
        String[] dark = {"OFF", "OFF", "DARK", "DARK", "DARK", "DARK", "DARK", "DARK", "DARK", "DARK"};
        String[] switching = dark.clone();
        switching[4] = "FLASH";
        switching[5] = "FLASH";
        java.util.List<Map<String, Double>> none = new java.util.ArrayList<>(java.util.Collections.nCopies(dark.length,
                Map.of()));
        none.set(4, Map.of("intensity", 1.0));
        none.set(5, Map.of("intensity", 1.0));
        try (DigitalTwin twin = new DigitalTwin(TwinParams.defaults(0.9141).withSeed(11), map)) {
            for (int f = 0; f < 2; f++) {
                for (int m = 0; m < n; m++) {
                    y[m] = signal(map.regionOf(m), f);
                }
                twin.observe(f, y);
            }
            float[] held = new float[h * n];
            twin.simulateAhead(h, "DARK", Map.of(), held, null);
            float[] scheduled = new float[h * n];
            twin.simulateAheadShowing(h, dark, none, 2, scheduled, null);
            assertArrayEquals(held, scheduled, "the same stimulus every frame ahead is the held stimulus, bit for bit");
            float[] switched = new float[h * n];
            twin.simulateAheadShowing(h, switching, none, 2, switched, null);
            assertArrayEquals(java.util.Arrays.copyOf(held, 2 * n), java.util.Arrays.copyOf(switched, 2 * n),
                    "frames before the flash do not see it");
            assertNotEquals(java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(held, 2 * n, 3 * n)),
                    java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(switched, 2 * n, 3 * n)),
                    "the frame whose period the flash is shown in shows it");
            assertThrows(IllegalArgumentException.class,
                    () -> twin.simulateAheadShowing(h, dark, none, 6, null, new float[h * 20]),
                    "a schedule that ends before the horizon is refused");
        }
    }

    @Test
    void aStimulusChosenUponAFrameActsOnThePeriodThatFollowsIt() {
        RegionMap map = TwinFixtures.table(900, 5);
        int n = map.measured();
        int regions = map.regionNames().size();
        int pre = map.regionNames().indexOf("pretectum_left");
        float[] y = new float[n];
        try (DigitalTwin twin = new DigitalTwin(TwinParams.defaults(0.9141).withSeed(3), map)) {
            for (int f = 0; f < 6; f++) {
                for (int m = 0; m < n; m++) {
                    y[m] = signal(map.regionOf(m), f);
                }
                twin.observe(f, y);
            }
            float[] quiet = new float[2 * regions];
            float[] flash = new float[2 * regions];
            twin.simulateAhead(2, null, null, null, quiet);
            twin.simulateAhead(2, "FLASH", Map.of("intensity", 1.0), null, flash);
            assertTrue(flash[pre] > quiet[pre] + 0.01, "the next frame already shows a flash shown from the "
                    + "measured frame on: " + flash[pre] + " vs " + quiet[pre]);
        }
    }

    @Test
    void aForecastKeepsTheLevelTheTwinWasNudgedTo() {
        RegionMap map = TwinFixtures.table(N, 7);
        int regions = map.regionNames().size();
        float[] y = new float[map.measured()];
        java.util.Arrays.fill(y, 0.6f);
        try (DigitalTwin twin = new DigitalTwin(TwinParams.defaults(0.9141).againstTruth(), map)) {
            for (int f = 0; f < 30; f++) {
                twin.observe(f, y);
            }
            int h = 16;
            float[] ahead = new float[h * regions];
            twin.simulateAhead(h, null, null, null, ahead);
            for (int r = 0; r < regions; r++) {
                float last = ahead[(h - 1) * regions + r];
                assertTrue(Math.abs(last - 0.6f) < 0.15, map.regionNames().get(r) + ": 16 frames ahead the twin "
                        + "should still be near the 0.6 it tracked, got " + last);
            }
        }
    }

    @Test
    void rejectsFramesOutOfOrderAndOfTheWrongSize() {
        RegionMap map = TwinFixtures.table(900, 5);
        try (DigitalTwin twin = new DigitalTwin(TwinParams.defaults(0.9141), map)) {
            float[] y = new float[map.measured()];
            twin.observe(3, y);
            assertEquals(3, twin.lastFrame());
            assertThrows(IllegalArgumentException.class, () -> twin.observe(3, y));
            assertThrows(IllegalArgumentException.class, () -> twin.observe(4, new float[5]));
            java.util.Arrays.fill(y, Float.NaN);
            TwinFrame f = twin.observe(6, y); // frames 4 and 5 simulated without a measurement
            assertTrue(Float.isNaN(f.trackingError()[0]), "no measured neuron: no tracking error");
        }
    }
}
