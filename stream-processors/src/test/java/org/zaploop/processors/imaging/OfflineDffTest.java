package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class OfflineDffTest {

    /** A trace with transients over a baseline that decays by {@code bleach} over the recording. */
    static float[] trace(Random rnd, int frames, double bleach) {
        float[] f = new float[frames];
        double c = 0;
        for (int t = 0; t < frames; t++) {
            c *= 0.85;
            if (rnd.nextDouble() < 0.03) {
                c += 0.5 + rnd.nextDouble();
            }
            double base = 500 * (1 - bleach * t / frames);
            f[t] = (float) (base * (1 + c) + 8 * rnd.nextGaussian());
        }
        return f;
    }

    @Test
    void matchesABruteForceCentredPercentile() {
        Random rnd = new Random(2);
        float[] raw = trace(rnd, 300, 0.2);
        float[] dff = new float[raw.length];
        OfflineDff.compute(raw, dff, 40, 8);
        for (int t = 0; t < raw.length; t++) {
            double f0 = CausalDffTest.percentile(raw, Math.max(0, t - 40), Math.min(raw.length, t + 41), 8);
            double want = Math.max(-0.25, Math.min(1.5, (raw[t] - f0) / f0));
            assertEquals(want, dff[t], 1e-5, "frame " + t);
        }
    }

    /** The gap between causal and offline ΔF/F, measured: small on a steady baseline, larger under bleaching. */
    @Test
    void measuresTheCausalOfflineGap() {
        int frames = 2000;
        int neurons = 50;
        double[] gap = new double[2];
        double[] bleaches = {0.0, 0.3};
        for (int k = 0; k < 2; k++) {
            Random rnd = new Random(7);
            float[][] raw = new float[neurons][];
            for (int i = 0; i < neurons; i++) {
                raw[i] = trace(rnd, frames, bleaches[k]);
            }
            CausalDff causal = new CausalDff(neurons, 400, 8);
            float[] in = new float[neurons];
            float[] out = new float[neurons];
            float[][] online = new float[neurons][frames];
            for (int t = 0; t < frames; t++) {
                for (int i = 0; i < neurons; i++) {
                    in[i] = raw[i][t];
                }
                causal.update(in, out);
                for (int i = 0; i < neurons; i++) {
                    online[i][t] = out[i];
                }
            }
            double sum = 0;
            float[] offline = new float[frames];
            for (int i = 0; i < neurons; i++) {
                OfflineDff.compute(raw[i], offline, 400, 8);
                for (int t = 400; t < frames; t++) {
                    sum += Math.abs(online[i][t] - offline[t]);
                }
            }
            gap[k] = sum / neurons / (frames - 400);
        }
        System.out.printf("causal vs offline ΔF/F (window 400, 8th pct): MAE %.4f steady, %.4f with 30%% bleaching%n",
                gap[0], gap[1]);
        assertTrue(gap[0] < 0.02, "steady gap " + gap[0]);
        assertTrue(gap[1] > gap[0], "bleaching widens the gap");
    }
}
