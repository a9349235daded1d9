package org.zaploop.sim.twin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailActivityTest {

    private static final double RATE = 6000;
    private static final double PERIOD = 0.9141;

    /** One side's sample: noise of SD 0.02 V on a slow drift, plus a 400 Hz burst of {@code burstV} if asked. */
    private static double sample(Random rnd, long s, double burstV) {
        double t = s / RATE;
        return 0.3 * Math.sin(2 * Math.PI * 0.2 * t) + 0.02 * rnd.nextGaussian()
                + burstV * Math.sin(2 * Math.PI * 400 * t);
    }

    @Test
    void restReadsZeroABoutReadsAboveAndTheSlowDriftIsIgnored() {
        TailActivity a = new TailActivity(RATE);
        Random rnd = new Random(1);
        double[] out = new double[2];
        long s = 0;
        for (int p = 0; p < 30; p++) {
            boolean bout = p == 20;
            for (int i = 0; i < 5484; i++, s++) {
                // the left nerve bursts for the first 0.3 s of period 20
                a.add(sample(rnd, s, bout && i < 1800 ? 0.2 : 0), sample(rnd, s, 0));
            }
            a.endPeriod(out);
            if (p == 20) {
                assertTrue(out[0] > 2, "a 0.3 s burst ten times the noise: " + out[0]);
                assertTrue(out[1] < 0.2, "the right nerve was quiet: " + out[1]);
            } else if (p > 2) {
                assertTrue(out[0] < 0.2 && out[1] < 0.2, "period " + p + " at rest: " + out[0] + ", " + out[1]);
            }
        }
        a.endPeriod(out);
        assertArrayEquals(new double[] {0, 0}, out, "a period without samples");
        for (int i = 0; i < 100; i++) {
            a.add(Double.NaN, 0.01);
            a.add(0.01, Double.POSITIVE_INFINITY);
        }
        a.endPeriod(out);
        assertArrayEquals(new double[] {0, 0}, out, "samples that are not numbers are skipped, never an error");
        assertThrows(IllegalArgumentException.class, () -> new TailActivity(0));
    }

    @Test
    void liveBlocksAreCutIntoTheFramePeriodsTheRecordingIsCutInto() {
        TailPeriods periods = new TailPeriods(PERIOD);
        Random rnd = new Random(2);
        long zero = 1_000_000_000_000L; // frame 0's acquisition (its newest plane): frame f's period ends at zero + fP
        long frame10 = zero + Math.round(10 * PERIOD * 1e9);
        long base = frame10 - 2_000_000_000L; // sample 0's
        double[] out = new double[2];
        int perBlock = 60;
        long s = 0;
        assertFalse(periods.recording());
        // the 2 s before the first frame is seen: used for the resting level only
        for (; s < 2 * RATE; s += perBlock) {
            periods.add(base + Math.round(s / RATE * 1e9), RATE, block(rnd, s, perBlock, 0), 10, perBlock);
        }
        assertTrue(periods.recording());
        periods.anchor(10, frame10);
        periods.anchor(11, 0); // only the first frame anchors
        long first = s;
        for (; s < first + 3.5 * PERIOD * RATE; s += perBlock) {
            long ns = base + Math.round(s / RATE * 1e9);
            long k = Math.floorDiv(ns - zero, Math.round(PERIOD * 1e9)) + 1;
            periods.add(ns, RATE, block(rnd, s, perBlock, k == 11 ? 0.2 : 0), 10, perBlock);
        }
        assertTrue(periods.take(11, out), "period 11 is over");
        assertTrue(out[0] > 2, "frame 11's period holds the burst: " + out[0]);
        assertTrue(periods.take(12, out));
        assertTrue(out[0] < 0.3, "frame 12's does not: " + out[0]);
        assertFalse(periods.take(14, out), "still being recorded");
        assertThrows(IllegalArgumentException.class, () -> periods.add(zero, RATE, new float[60], 1, 60));
    }

    /** Ten channels, sample-major; channel 0 the left nerve with a burst of {@code burstV}, channel 1 at rest. */
    private static float[] block(Random rnd, long from, int samples, double burstV) {
        float[] d = new float[samples * 10];
        for (int i = 0; i < samples; i++) {
            d[i * 10] = (float) sample(rnd, from + i, burstV);
            d[i * 10 + 1] = (float) sample(rnd, from + i, 0);
        }
        return d;
    }

    @Test
    void aRecordingsTailIsReadPerFrameAndTheFishSwimsUnderAGrating(@TempDir Path dir) throws Exception {
        RecordedSession s = TwinFixtures.recorded(dir, 40, "OFF", "GRATING");
        assertEquals(2 * s.frames(), s.tail().length);
        double off = 0;
        double grating = 0;
        for (int f = 0; f < s.frames(); f++) {
            assertTrue(s.tail()[2 * f] >= 0 && s.tail()[2 * f + 1] >= 0);
            double both = s.tail()[2 * f] + s.tail()[2 * f + 1];
            if ("GRATING".equals(s.stimulus()[f])) {
                grating += both / 20;
            } else {
                off += both / 20;
            }
        }
        assertTrue(grating > 2 * off + 0.1, "the optomotor response: tail " + off + " at rest, " + grating
                + " under the grating");
        assertEquals(null, s.withoutTail().tail());
    }

    @Test
    void theTailDrivesItsSidesMotorPoolAndAPredictionHoldsItsRecentAverage() {
        RegionMap map = TwinFixtures.table(900, 5);
        int left = map.regionNames().indexOf("motor_left");
        int regions = map.regionNames().size();
        TwinParams params = TwinParams.defaults(PERIOD).againstTruth().withSeed(4);
        float[] still = new float[regions];
        float[] swimming = new float[regions];
        try (DigitalTwin a = new DigitalTwin(params, map); DigitalTwin b = new DigitalTwin(params, map)) {
            for (int f = 0; f < 4; f++) {
                b.tail(1.5, 0);
                a.stepFree(null, still);
                b.stepFree(null, swimming);
            }
            assertTrue(swimming[left] > still[left] + 0.05, "the left pool follows the left tail: " + still[left]
                    + " -> " + swimming[left]);
            b.tail(0, 0);
            int h = 3;
            float[] ahead = new float[h * regions];
            b.simulateAhead(h, null, null, null, ahead);
            b.tailUnknown();
            float[] onward = new float[h * regions];
            b.runFree(h, null, onward);
            assertArrayEquals(ahead, onward, "a prediction is the twin run on with the tail's recent average");
            assertThrows(IllegalArgumentException.class, () -> b.tail(-1, 0));
            assertThrows(IllegalArgumentException.class, () -> b.tail(Double.NaN, 0));
        }
    }
}
