package org.zaploop.processors.behavior;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test signals mirroring the virtual fish's tail model (realtime-sim's TailEphys, which this module must not
 * import): 10 interleaved channels at 6 kHz, ch0 left and ch1 right = 0.02 V Gaussian recording noise plus, during
 * a bout, band-limited (≈ 300–1000 Hz) noise bursts alternating left/right at 25 Hz with a half-sine envelope of
 * amplitude 0.25 V × vigor, scaled by (1 ∓ turn).
 */
final class SyntheticTail {

    static final int CHANNELS = 10;
    static final double RATE = 6000;

    record Bout(long start, long end, double vigor, double turn) {
    }

    final List<Bout> bouts = new ArrayList<>();
    final float[] data;
    final int samples;

    private final SplittableRandom rng;
    private final double[] bpL = new double[2];
    private final double[] bpR = new double[2];

    /** {@code seconds} of signal with bouts at random times (0.08–0.4 s long, 0.5–2.5 s apart). */
    SyntheticTail(double seconds, long seed) {
        this.rng = new SplittableRandom(seed);
        this.samples = (int) Math.round(seconds * RATE);
        this.data = new float[samples * CHANNELS];
        long t = Math.round(0.6 * RATE);
        while (true) {
            long len = Math.round((0.08 + 0.32 * rng.nextDouble()) * RATE);
            if (t + len >= samples - RATE * 0.1) {
                break;
            }
            bouts.add(new Bout(t, t + len, 0.36 + 0.64 * rng.nextDouble(), rng.nextDouble() - 0.5));
            t += len + Math.round((0.5 + 2.0 * rng.nextDouble()) * RATE);
        }
        int next = 0;
        for (int s = 0; s < samples; s++) {
            double left = 0.02 * gaussian();
            double right = 0.02 * gaussian();
            while (next < bouts.size() && bouts.get(next).end <= s) {
                next++;
            }
            if (next < bouts.size() && bouts.get(next).start <= s) {
                Bout b = bouts.get(next);
                double phase = ((s - b.start) / RATE * 25) % 1.0;
                double amp = 0.25 * b.vigor;
                double envL = phase < 0.5 ? Math.sin(Math.PI * phase * 2) * amp * (1 - b.turn) : 0;
                double envR = phase >= 0.5 ? Math.sin(Math.PI * (phase - 0.5) * 2) * amp * (1 + b.turn) : 0;
                left += envL * bandPass(bpL, gaussian());
                right += envR * bandPass(bpR, gaussian());
            }
            data[s * CHANNELS] = (float) left;
            data[s * CHANNELS + 1] = (float) right;
            data[s * CHANNELS + 4] = 1;
        }
    }

    /** The samples [from, from + n) as a fresh interleaved array. */
    float[] slice(int from, int n) {
        float[] out = new float[n * CHANNELS];
        System.arraycopy(data, from * CHANNELS, out, 0, n * CHANNELS);
        return out;
    }

    private static double bandPass(double[] st, double x) {
        st[0] += 0.65 * (x - st[0]);
        st[1] += 0.28 * (x - st[1]);
        return (st[0] - st[1]) * 3.0;
    }

    private double gaussian() {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
