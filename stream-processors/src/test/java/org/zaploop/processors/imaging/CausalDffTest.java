package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CausalDffTest {

    /** numpy-style linear-interpolation percentile of a[from, to). */
    static double percentile(float[] hist, int from, int to, double p) {
        float[] w = Arrays.copyOfRange(hist, from, to);
        Arrays.sort(w);
        double rank = p / 100 * (w.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, w.length - 1);
        return w[lo] + (rank - lo) * (w[hi] - w[lo]);
    }

    @Test
    void matchesABruteForceTrailingPercentile() {
        int neurons = 7;
        int window = 25;
        int frames = 120;
        Random rnd = new Random(3);
        float[][] hist = new float[neurons][frames];
        CausalDff dff = new CausalDff(neurons, window, 8);
        float[] raw = new float[neurons];
        float[] out = new float[neurons];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < neurons; i++) {
                // ties on purpose (rounded values), a drifting baseline, transients
                float v = Math.round(100 + 0.3f * t + 10 * rnd.nextGaussian() + (rnd.nextInt(10) == 0 ? 80 : 0));
                hist[i][t] = v;
                raw[i] = v;
            }
            dff.update(raw, out);
            for (int i = 0; i < neurons; i++) {
                double f0 = percentile(hist[i], Math.max(0, t - window + 1), t + 1, 8);
                double want = Math.max(-0.25, Math.min(1.5, (raw[i] - f0) / f0));
                assertEquals(f0, dff.baseline(i), 1e-3, "F0 of neuron " + i + " at frame " + t);
                assertEquals(want, out[i], 1e-5, "ΔF/F of neuron " + i + " at frame " + t);
            }
        }
        assertEquals(frames, dff.frames());
    }

    @Test
    void clipsAndGuardsANonPositiveBaseline() {
        CausalDff dff = new CausalDff(2, 4, 0);
        float[] out = new float[2];
        dff.update(new float[] {10, 0}, out);
        dff.update(new float[] {100, 0}, out);
        assertEquals(1.5f, out[0]);
        assertEquals(0f, out[1]);
        CausalDff high = new CausalDff(1, 4, 100);
        float[] one = new float[1];
        high.update(new float[] {10}, one);
        high.update(new float[] {5}, one);
        assertEquals(-0.25f, one[0]);
        assertTrue(Float.isFinite(out[1]));
    }

    @Test
    void smoothedBaselineMatchesABruteForcePercentileOfTheCausalMean() {
        int neurons = 5;
        int window = 20;
        int smooth = 4;
        int frames = 90;
        Random rnd = new Random(11);
        float[][] hist = new float[neurons][frames];
        CausalDff dff = new CausalDff(neurons, window, 8, smooth);
        float[] raw = new float[neurons];
        float[] out = new float[neurons];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < neurons; i++) {
                float v = Math.round(200 - 0.5f * t + 15 * rnd.nextGaussian() + (rnd.nextInt(8) == 0 ? 120 : 0));
                hist[i][t] = v;
                raw[i] = v;
            }
            dff.update(raw, out);
            for (int i = 0; i < neurons; i++) {
                // the causal mean of up to `smooth` raw values at every frame of the window, then its percentile
                int from = Math.max(0, t - window + 1);
                float[] means = new float[t + 1];
                for (int u = 0; u <= t; u++) {
                    int a = Math.max(0, u - smooth + 1);
                    double sum = 0;
                    for (int v = a; v <= u; v++) {
                        sum += hist[i][v];
                    }
                    means[u] = (float) (sum / (u - a + 1));
                }
                double f0 = percentile(means, from, t + 1, 8);
                double want = Math.max(-0.25, Math.min(1.5, (raw[i] - f0) / f0));
                assertEquals(f0, dff.baseline(i), 1e-3, "F0 of neuron " + i + " at frame " + t);
                assertEquals(want, out[i], 1e-5, "ΔF/F of neuron " + i + " at frame " + t);
            }
        }
    }

    @Test
    void aFreshInstanceFedTheHistoryReachesTheSameStateBitForBit() {
        int neurons = 3;
        CausalDff whole = new CausalDff(neurons, 12, 8, 5);
        CausalDff resumed = new CausalDff(neurons, 12, 8, 5);
        int frames = 70;
        int history = whole.historyFrames();
        assertEquals(16, history);
        Random rnd = new Random(5);
        float[][] raws = new float[frames][neurons];
        for (float[] r : raws) {
            for (int i = 0; i < neurons; i++) {
                r[i] = (float) (300 + 40 * rnd.nextGaussian());
            }
        }
        float[] a = new float[neurons];
        float[] b = new float[neurons];
        int restartAt = 41;
        for (int t = 0; t < frames; t++) {
            whole.update(raws[t], a);
            if (t == restartAt) {
                for (int u = t - history + 1; u <= t; u++) {
                    resumed.update(raws[u], b);
                }
            } else if (t > restartAt) {
                resumed.update(raws[t], b);
                assertTrue(Arrays.equals(a, b), "ΔF/F at frame " + t + " after the restart");
            }
        }
    }
}
