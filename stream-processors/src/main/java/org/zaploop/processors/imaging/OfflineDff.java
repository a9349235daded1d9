package org.zaploop.processors.imaging;

import java.util.Arrays;

/**
 * ZAPBench's offline ΔF/F of one trace, for measuring how far the causal {@link CausalDff} is from it: F0(t) is
 * the percentile (linear interpolation, as {@link CausalDff}) of raw F over the centred window
 * [t − halfWindow, t + halfWindow] cut to the recording, ΔF/F = (F − F0) / F0 clipped to [−0.25, 1.5]. ZAPBench
 * takes F0 per voxel and median-filters it in xy before averaging over a neuron's voxels; this works on the
 * neuron's mean trace (the only thing an online pipeline keeps). Reads and writes no topic or store.
 */
public final class OfflineDff {

    private OfflineDff() {
    }

    /** Writes the offline ΔF/F of {@code raw[0..T)} into {@code dff[0..T)} (caller-owned); allocates one window. */
    public static void compute(float[] raw, float[] dff, int halfWindow, double percentile) {
        int t1 = raw.length;
        if (dff.length != t1 || halfWindow < 0 || !(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("bad offline ΔF/F arguments");
        }
        float[] sorted = new float[Math.min(t1, 2 * halfWindow + 1)];
        int n = 0;
        int in = 0;
        int out = 0;
        // per frame: slide the sorted centred window (drop frames before t − half, add those up to t + half), read F0
        for (int t = 0; t < t1; t++) {
            while (out < t - halfWindow) {
                int at = lowerBound(sorted, n, raw[out++]);
                System.arraycopy(sorted, at + 1, sorted, at, n - at - 1);
                n--;
            }
            while (in < t1 && in <= t + halfWindow) {
                int at = lowerBound(sorted, n, raw[in]);
                System.arraycopy(sorted, at, sorted, at + 1, n - at);
                sorted[at] = raw[in++];
                n++;
            }
            double rank = percentile / 100.0 * (n - 1);
            int lo = (int) Math.floor(rank);
            int hi = Math.min(lo + 1, n - 1);
            float f0 = (float) (sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]));
            float d = f0 > 0 ? (raw[t] - f0) / f0 : 0f;
            dff[t] = d < CausalDff.MIN_DFF ? CausalDff.MIN_DFF : (d > CausalDff.MAX_DFF ? CausalDff.MAX_DFF : d);
        }
        Arrays.fill(sorted, 0f);
    }

    private static int lowerBound(float[] a, int n, float v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
