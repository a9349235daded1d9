package org.zaploop.sim.engine;

/**
 * SplitMix64 generator whose whole state is one {@code long}, so a {@link NetworkState} can copy
 * and restore it exactly (java.util.SplittableRandom uses the same algorithm but hides its state).
 * Not thread-safe: each partition block owns its own instance.
 */
public final class Rng {

    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** An independent stream for {@code (seed, stream)}: the same pair always gives the same stream. */
    public static Rng derive(long seed, long stream) {
        return new Rng(mix(seed ^ mix(stream * GAMMA + 0x632BE59BD9B4E019L)));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), bound &gt; 0 (Lemire's multiply-shift; bias below 2^-32 is irrelevant here). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Standard normal by Box–Muller (one value per call, no cached second value, so no hidden state). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Poisson-distributed count with the given mean (Knuth below 30, Hörmann's PTRS above). */
    public int nextPoisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 30) {
            double limit = Math.exp(-mean);
            int k = 0;
            double p = nextDouble();
            while (p > limit) {
                k++;
                p *= nextDouble();
            }
            return k;
        }
        double slam = Math.sqrt(mean);
        double loglam = Math.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = nextDouble() - 0.5;
            double v = nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * loglam - logFactorial(k)) {
                return (int) k;
            }
        }
    }

    private static double logFactorial(long k) {
        if (k < 2) {
            return 0;
        }
        if (k < 16) {
            double s = 0;
            for (int i = 2; i <= k; i++) {
                s += Math.log(i);
            }
            return s;
        }
        double x = k;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }

    long state() {
        return state;
    }

    void setState(long s) {
        state = s;
    }
}
