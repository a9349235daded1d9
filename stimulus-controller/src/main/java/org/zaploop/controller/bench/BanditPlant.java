package org.zaploop.controller.bench;

import java.util.Random;

/**
 * A simulated response function for stimulus search: each of K candidates drives the target population by a fixed
 * mean response (unknown to the searcher), and each trial reads it with Gaussian noise. The bench's standard plant
 * has one best candidate, a close runner-up and a spread of weaker ones, the shape that makes search hard.
 */
public final class BanditPlant {

    private final double[] means;
    private final double noiseSd;
    private final Random rng;

    public BanditPlant(double[] means, double noiseSd, long seed) {
        this.means = means.clone();
        this.noiseSd = noiseSd;
        this.rng = new Random(seed);
    }

    /** Twelve candidates, best 0.30 ΔF/F at a seed-dependent index, runner-up 0.25, noise sd 0.05. */
    public static BanditPlant standard(long seed) {
        double[] m = {0.02, 0.05, 0.08, 0.10, 0.12, 0.14, 0.15, 0.17, 0.19, 0.21, 0.25, 0.30};
        Random shuffle = new Random(seed * 7919 + 13);
        for (int i = m.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            double x = m[i];
            m[i] = m[j];
            m[j] = x;
        }
        return new BanditPlant(m, 0.05, seed);
    }

    public int candidates() {
        return means.length;
    }

    public double trial(int k) {
        return means[k] + noiseSd * rng.nextGaussian();
    }

    public double noiseSd() {
        return noiseSd;
    }

    public int best() {
        int b = 0;
        for (int i = 1; i < means.length; i++) {
            if (means[i] > means[b]) {
                b = i;
            }
        }
        return b;
    }
}
