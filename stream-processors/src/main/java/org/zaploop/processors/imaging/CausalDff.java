package org.zaploop.processors.imaging;

/**
 * Causal ΔF/F of many neurons, one frame at a time: per neuron, the baseline F0 is a low percentile (default the
 * 8th) of that neuron's raw F over a trailing window of the last {@code window} frames (the current one
 * included; fewer until the window has filled), and ΔF/F = (F − F0) / F0, clipped to [−0.25, 1.5] as ZAPBench
 * clips. ZAPBench's offline F0 uses a centred ±400-frame window; this one only looks back (an online pipeline
 * cannot look ahead), so the two differ, most where the baseline drifts.
 *
 * <p>Percentile: linear interpolation between order statistics at rank {@code p/100 · (m − 1)} of the m values
 * in the window (numpy's default). State is two flat {@code float[neurons × window]} arrays: a ring buffer of the
 * window in arrival order and the same values kept sorted, updated per frame by one binary search and one
 * {@code System.arraycopy} shift (O(window) per neuron, exact; 71,721 neurons × 400 frames ≈ 230 MB). A
 * non-positive F0 gives ΔF/F 0. Reads and writes no topic or store; not thread-safe.
 *
 * <p>Optional smoothing of the percentile's input ({@code smoothFrames} k &gt; 1): the window then holds, per
 * frame, the causal mean of that frame's F and the k − 1 before it (fewer at the start of the session), so the low
 * percentile is taken over F with its frame-to-frame noise averaged down instead of over the noise's low tail; the
 * numerator stays the frame's own raw F. The mean is recomputed from the last k raw values in a fixed order (not a
 * running sum), so a fresh instance fed the last {@link #historyFrames()} raw frames reaches exactly the state of
 * one that saw the whole session (what a restarted processor replays). Measured on the virtual fish
 * ({@code zaploop bench segmentation}) k = 9 raises the median trace correlation by about 0.02; the larger
 * limits there are the extraction and the fish's slow activity, which any trailing percentile partly follows.
 */
public final class CausalDff {

    public static final int DEFAULT_WINDOW = 400;
    public static final double DEFAULT_PERCENTILE = 8.0;
    /** Frames averaged (causally) before the percentile in the processor: about 8 s at ZAPBench's 0.91 s volumes. */
    public static final int DEFAULT_SMOOTH_FRAMES = 9;
    public static final float MIN_DFF = -0.25f;
    public static final float MAX_DFF = 1.5f;

    private final int neurons;
    private final int window;
    private final double percentile;
    private final float[] ring;
    private final float[] sorted;
    private final int smooth;
    /** The last {@code smooth} raw values per neuron, ring ordered by {@link #rawHead}; null when smooth is 1. */
    private final float[] recent;
    private int rawHead;
    private int filled;
    private int head;
    private long frames;

    public CausalDff(int neurons, int window, double percentile) {
        this(neurons, window, percentile, 1);
    }

    /** @param smoothFrames frames of raw F averaged (causally) into each value the percentile is taken over; 1 = none */
    public CausalDff(int neurons, int window, double percentile, int smoothFrames) {
        if (neurons < 1 || window < 1 || !(percentile >= 0 && percentile <= 100) || smoothFrames < 1) {
            throw new IllegalArgumentException("need neurons >= 1, window >= 1, 0 <= percentile <= 100, "
                    + "smoothFrames >= 1, got " + neurons + ", " + window + ", " + percentile + ", " + smoothFrames);
        }
        if ((long) neurons * smoothFrames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("neurons × smoothFrames exceeds one array: " + neurons + " × "
                    + smoothFrames);
        }
        if ((long) neurons * window > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("neurons × window exceeds one array: " + neurons + " × " + window);
        }
        this.neurons = neurons;
        this.window = window;
        this.percentile = percentile;
        this.ring = new float[neurons * window];
        this.sorted = new float[neurons * window];
        this.smooth = smoothFrames;
        this.recent = smoothFrames > 1 ? new float[neurons * smoothFrames] : null;
    }

    public static CausalDff defaults(int neurons) {
        return new CausalDff(neurons, DEFAULT_WINDOW, DEFAULT_PERCENTILE);
    }

    public int neurons() {
        return neurons;
    }

    public int window() {
        return window;
    }

    /** Frames of raw F averaged into each baseline value (1: none). */
    public int smoothFrames() {
        return smooth;
    }

    /** Raw frames a fresh instance must be fed to reach the state of one that saw the whole session. */
    public int historyFrames() {
        return window + smooth - 1;
    }

    /** Frames seen so far. */
    public long frames() {
        return frames;
    }

    /**
     * Adds one frame of raw F ({@code raw[neurons]}, finite) to every neuron's window and writes ΔF/F into
     * {@code dff[neurons]} (caller-owned, distinct from {@code raw}). Allocates nothing.
     */
    public void update(float[] raw, float[] dff) {
        if (raw.length != neurons || dff.length != neurons || raw == dff) {
            throw new IllegalArgumentException("raw and dff must be two distinct arrays of " + neurons);
        }
        boolean full = filled == window;
        int m = full ? window : filled + 1;
        double rank = percentile / 100.0 * (m - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, m - 1);
        float frac = (float) (rank - lo);
        int k = (int) Math.min(frames + 1, smooth);
        // per neuron: drop the value leaving the window from the sorted copy, insert the new one, read F0
        for (int i = 0; i < neurons; i++) {
            int base = i * window;
            float f = smooth == 1 ? raw[i] : smoothed(i, raw[i], k);
            int n = filled;
            if (full) {
                float old = ring[base + head];
                int at = search(sorted, base, n, old);
                System.arraycopy(sorted, base + at + 1, sorted, base + at, n - at - 1);
                n--;
            }
            ring[base + head] = f;
            int ins = search(sorted, base, n, f);
            System.arraycopy(sorted, base + ins, sorted, base + ins + 1, n - ins);
            sorted[base + ins] = f;
            float f0 = sorted[base + lo] + frac * (sorted[base + hi] - sorted[base + lo]);
            float d = f0 > 0 ? (raw[i] - f0) / f0 : 0f;
            dff[i] = d < MIN_DFF ? MIN_DFF : (d > MAX_DFF ? MAX_DFF : d);
        }
        head = head + 1 == window ? 0 : head + 1;
        rawHead = rawHead + 1 == smooth ? 0 : rawHead + 1;
        if (!full) {
            filled++;
        }
        frames++;
    }

    /** The current baseline F0 of neuron {@code i} (over the window as it is now), for inspection and tests. */
    public float baseline(int i) {
        if (filled == 0) {
            return 0f;
        }
        double rank = percentile / 100.0 * (filled - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, filled - 1);
        int base = i * window;
        return (float) (sorted[base + lo] + (rank - lo) * (sorted[base + hi] - sorted[base + lo]));
    }

    /** Forgets every frame. */
    public void reset() {
        filled = 0;
        head = 0;
        rawHead = 0;
        frames = 0;
    }

    /**
     * Stores raw value {@code f} of neuron i and returns the mean of its last {@code k} raw values, summed oldest
     * first in double so the result depends only on those values.
     */
    private float smoothed(int i, float f, int k) {
        int base = i * smooth;
        recent[base + rawHead] = f;
        double s = 0;
        for (int j = k - 1; j >= 0; j--) {
            int at = rawHead - j;
            s += recent[base + (at < 0 ? at + smooth : at)];
        }
        return (float) (s / k);
    }

    /** First index in sorted[base, base + n) whose value is >= v (lower bound). */
    private static int search(float[] a, int base, int n, float v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[base + mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
