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
}
