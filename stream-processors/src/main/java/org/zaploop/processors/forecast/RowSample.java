package org.zaploop.processors.forecast;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fixed-size, reproducible random sample (reservoir sampling, seeded) of the training rows a linear map is fit
 * on: each row's context, its H targets, and whether it belongs to the training part's hold-out. The normal
 * equations give the least-squares slopes; ZAPBench scores by absolute error, whose best constant is a median,
 * not a mean, so the sample supplies what sums cannot: the median residual per step (the intercept that minimises
 * the absolute error for given slopes) and the hold-out's mean absolute error for choosing the ridge.
 * Reads and writes no topic or store.
 */
final class RowSample {

    private final int context;
    private final int horizon;
    private final int capacity;
    private float[] store; // [rows][C + H]: context then targets; grows up to capacity rows
    private boolean[] storeHeldOut;
    private final SplittableRandom random = new SplittableRandom(0x5A9L);
    private int size;
    private long seen;
    private int heldOutRows;
    private float[] residuals = new float[0];

    /** @param maxFloats memory budget in floats; the sample keeps {@code maxFloats / (C + H)} rows */
    RowSample(int context, int horizon, long maxFloats) {
        this.context = context;
        this.horizon = horizon;
        this.capacity = (int) Math.max(1, Math.min(Integer.MAX_VALUE / (context + horizon), maxFloats / (context + horizon)));
        this.store = new float[0]; // grown on demand: an online forecaster never samples
        this.storeHeldOut = new boolean[0];
    }

    /** Offers one row (context in {@code x[0 .. C)}, targets {@code y[0 .. H)}) to the reservoir. */
    void offer(double[] x, double[] y, boolean inHoldOut) {
        long k = seen++;
        int slot;
        if (k < capacity) {
            slot = size++;
            grow(size);
        } else {
            long j = random.nextLong(k + 1);
            if (j >= capacity) {
                return;
            }
            slot = (int) j;
        }
        int o = slot * (context + horizon);
        for (int c = 0; c < context; c++) {
            store[o + c] = (float) x[c];
        }
        for (int h = 0; h < horizon; h++) {
            store[o + context + h] = (float) y[h];
        }
        if (k >= capacity && storeHeldOut[slot]) {
            heldOutRows--; // the row replaced was held out
        }
        storeHeldOut[slot] = inHoldOut;
        heldOutRows += inHoldOut ? 1 : 0;
    }

    /** Sampled rows of the hold-out. */
    int heldOutRows() {
        return heldOutRows;
    }

    private void grow(int rowsNeeded) {
        if (rowsNeeded * (context + horizon) > store.length) {
            int next = (int) Math.min(capacity, Math.max(256, Math.max(rowsNeeded, 2L * storeHeldOut.length)));
            store = Arrays.copyOf(store, next * (context + horizon));
            storeHeldOut = Arrays.copyOf(storeHeldOut, next);
        }
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
        seen = 0;
        heldOutRows = 0;
    }

    /**
     * The median over the sampled rows (without the hold-out when {@code withoutHeldOut}) of
     * {@code y_h − Σ_c W[h][c] x_c}, for step {@code h}: the intercept with the least absolute error for these slopes.
     */
    float medianResidual(float[] weights, int h, boolean withoutHeldOut) {
        int m = residuals(weights, 0f, h, withoutHeldOut ? 0 : -1);
        if (m == 0) {
            return 0f;
        }
        Arrays.sort(residuals, 0, m);
        return (m & 1) == 1 ? residuals[m / 2] : 0.5f * (residuals[m / 2 - 1] + residuals[m / 2]);
    }

    /** Mean |y_h − b − Σ_c W[h][c] x_c| over the sampled hold-out rows (NaN without any). */
    double heldOutMae(float[] weights, float bias, int h) {
        int m = residuals(weights, bias, h, 1);
        double s = 0;
        for (int r = 0; r < m; r++) {
            s += Math.abs(residuals[r]);
        }
        return m == 0 ? Double.NaN : s / m;
    }

    /** Features per row of {@link #calibrationRows}: the forecast, the context mean, the last frame, 1. */
    static final int CALIBRATION_FEATURES = 4;

    /**
     * For step {@code h} and at most {@code maxRows} rows (an even stride) whose hold-out flag matches {@code which}
     * (0 = not held out, 1 = held out, −1 = all): fills {@code f} with each row's {@value #CALIBRATION_FEATURES}
     * features — the forecast b + Σ_c W[h][c] x_c, the context mean, the last context frame, 1 — and {@code y}
     * with its target; returns the rows filled. Arrays must hold {@code maxRows} rows.
     */
    int calibrationRows(float[] weights, float bias, int h, int which, int maxRows, double[] f, double[] y) {
        int matching = 0;
        for (int r = 0; r < size; r++) {
            matching += which < 0 || storeHeldOut[r] == (which == 1) ? 1 : 0;
        }
        int step = Math.max(1, (matching + maxRows - 1) / maxRows);
        int stride = context + horizon;
        int wo = h * context;
        int m = 0;
        int k = 0;
        for (int r = 0; r < size && m < maxRows; r++) {
            if (which >= 0 && storeHeldOut[r] != (which == 1)) {
                continue;
            }
            if (k++ % step != 0) {
                continue;
            }
            int o = r * stride;
            double p = bias;
            double sum = 0;
            for (int c = 0; c < context; c++) {
                p += (double) weights[wo + c] * store[o + c];
                sum += store[o + c];
            }
            int fo = m * CALIBRATION_FEATURES;
            f[fo] = p;
            f[fo + 1] = sum / context;
            f[fo + 2] = store[o + context - 1];
            f[fo + 3] = 1;
            y[m++] = store[o + context + h];
        }
        return m;
    }

    /**
     * Fills {@code residuals[0 .. m)} with y_h − b − Σ_c W[h][c] x_c over the rows whose hold-out flag matches
     * {@code which} (0 = not held out, 1 = held out, −1 = all) and returns m.
     */
    private int residuals(float[] weights, float bias, int h, int which) {
        if (residuals.length < size) {
            residuals = new float[size];
        }
        int stride = context + horizon;
        int wo = h * context;
        int m = 0;
        for (int r = 0; r < size; r++) {
            if (which >= 0 && storeHeldOut[r] != (which == 1)) {
                continue;
            }
            int o = r * stride;
            float p = bias;
            for (int c = 0; c < context; c++) {
                p = Math.fma(weights[wo + c], store[o + c], p);
            }
            residuals[m++] = store[o + context + h] - p;
        }
        return m;
    }
}
