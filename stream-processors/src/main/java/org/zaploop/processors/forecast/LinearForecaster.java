package org.zaploop.processors.forecast;

import java.util.Arrays;

/**
 * A linear map from the context to the horizon shared by all neurons (ZAPBench's linear baseline):
 * {@code x̂[t+1+h][i] = b[h] + Σ_c W[h][c] · x[t−C+1+c][i]}. Fit by ridge regression on (window, neuron) rows of
 * the training part: the normal equations are accumulated in double, over at most {@code rowsPerBlock} rows per
 * neuron block (a fixed stride over windows × neurons, so a fit is reproducible), and solved by Cholesky with
 * λ = {@code ridge} × the mean diagonal of XᵀX (the intercept is not penalised).
 *
 * <p>Online, {@link #learn} adds windows as they complete and {@link #solve} refits. Before the first fit the
 * forecaster answers with the context mean (so it can run from the first frame).
 */
public final class LinearForecaster implements Forecaster {

    private static final int TILE = 128;

    private final int context;
    private final int horizon;
    private final int rowsPerBlock;
    private final double ridge;
    private final int p;
    private final double[] xtx;
    private final double[] xty;
    private final double[] row;
    private long rows;
    private float[] weights; // [H][C]
    private float[] bias; // [H]
    private final MeanForecaster fallback;

    public LinearForecaster(int context, int horizon) {
        this(context, horizon, defaultRowsPerBlock(context, horizon), 1e-4);
    }

    public LinearForecaster(int context, int horizon, int rowsPerBlock, double ridge) {
        this.context = context;
        this.horizon = horizon;
        this.rowsPerBlock = rowsPerBlock;
        this.ridge = ridge;
        this.p = context + 1;
        this.xtx = new double[p * p];
        this.xty = new double[p * horizon];
        this.row = new double[p];
        this.fallback = new MeanForecaster(context, horizon);
    }

    /** A per-block row budget that keeps a block's accumulation near 4·10⁸ multiply-adds. */
    public static int defaultRowsPerBlock(int context, int horizon) {
        return (int) Math.max(2048, Math.min(4_000_000, 4e8 / ((context + 1.0) * (context + 1 + horizon))));
    }

    /** A forecaster with given weights [H][C] and bias [H] (e.g. loaded, or for tests). */
    public static LinearForecaster of(int context, int horizon, float[] weights, float[] bias) {
        LinearForecaster f = new LinearForecaster(context, horizon);
        f.weights = weights.clone();
        f.bias = bias.clone();
        return f;
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    public boolean fitted() {
        return weights != null;
    }

    /** The weights [H][C] (a copy), or null before a fit. */
    public float[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** The bias [H] (a copy), or null before a fit. */
    public float[] bias() {
        return bias == null ? null : bias.clone();
    }

    /** Rows accumulated so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void fit(TrainingBlock d) {
        int n = d.neurons();
        long total = 0;
        for (ZapbenchProtocol.Range r : d.segments()) {
            total += (long) Math.max(0, r.length() - context - horizon + 1) * n;
        }
        long stride = Math.max(1, (total + rowsPerBlock - 1) / rowsPerBlock);
        long k = 0;
        for (ZapbenchProtocol.Range r : d.segments()) {
            int windows = r.length() - context - horizon + 1;
            for (int w = 0; w < windows; w++) {
                int s = r.from() + w;
                for (int i = 0; i < n; i++, k++) {
                    if (k % stride == 0) {
                        addRow(d.data(), s * n + i, n);
                    }
                }
            }
        }
    }

    @Override
    public void finishFit() {
        solve();
    }

    /**
     * Adds the windows of the neurons {@code i ≡ phase (mod step)} of a [C+H][neurons] array (context then
     * targets) to the normal equations; online learning calls it as each window completes.
     */
    public void learn(float[] window, int offset, int neurons, int step, int phase) {
        for (int i = phase; i < neurons; i += step) {
            addRow(window, offset + i, neurons);
        }
    }

    private void addRow(float[] data, int base, int n) {
        for (int c = 0; c < context; c++) {
            row[c] = data[base + c * n];
        }
        row[context] = 1;
        for (int a = 0; a < p; a++) {
            double ra = row[a];
            int o = a * p;
            for (int b = 0; b <= a; b++) {
                xtx[o + b] += ra * row[b];
            }
        }
        int t = base + context * n;
        for (int h = 0; h < horizon; h++) {
            double y = data[t + h * n];
            for (int a = 0; a < p; a++) {
                xty[a * horizon + h] += row[a] * y;
            }
        }
        rows++;
    }

    /** Solves the ridge problem with the rows so far (no-op without rows). */
    public void solve() {
        if (rows == 0) {
            return;
        }
        double lambda = ridge * LinAlg.meanDiagonal(xtx, p);
        double[] x = LinAlg.ridgeSolve(xtx, xty, p, horizon, lambda, context);
        float[] w = new float[horizon * context];
        float[] b = new float[horizon];
        for (int h = 0; h < horizon; h++) {
            for (int c = 0; c < context; c++) {
                w[h * context + c] = (float) x[c * horizon + h];
            }
            b[h] = (float) x[context * horizon + h];
        }
        weights = w;
        bias = b;
    }

    /** Forgets the accumulated rows (keeps the current weights). */
    public void resetAccumulation() {
        Arrays.fill(xtx, 0);
        Arrays.fill(xty, 0);
        rows = 0;
    }

    @Override
    public void forecast(float[] ctx, int ctxOffset, int firstNeuron, int neurons, int[] targetConditions,
                         float[] out) {
        float[] w = weights;
        float[] b = bias;
        if (w == null) {
            fallback.forecast(ctx, ctxOffset, firstNeuron, neurons, targetConditions, out);
            return;
        }
        // Tiled over neurons so a tile's [H][tile] output stays in L1 and each context row segment is reused
        // for all H steps while hot.
        for (int i0 = 0; i0 < neurons; i0 += TILE) {
            int i1 = Math.min(neurons, i0 + TILE);
            for (int h = 0; h < horizon; h++) {
                Arrays.fill(out, h * neurons + i0, h * neurons + i1, b[h]);
            }
            for (int c = 0; c < context; c++) {
                int in = ctxOffset + c * neurons;
                for (int h = 0; h < horizon; h++) {
                    float wc = w[h * context + c];
                    int o = h * neurons;
                    for (int i = i0; i < i1; i++) {
                        out[o + i] += wc * ctx[in + i];
                    }
                }
            }
        }
    }
}
