package org.zaploop.processors.forecast;

import java.util.Arrays;

/**
 * A linear map from the context to the horizon shared by all neurons (ZAPBench's linear baseline):
 * {@code x̂[t+1+h][i] = b[h] + Σ_c W[h][c] · x[t−C+1+c][i]}. Fit by ridge regression on (window, neuron) rows of
 * the training part: the normal equations are accumulated in double, over at most {@code rowsPerBlock} rows per
 * neuron block (a fixed stride over windows × neurons, so a fit is reproducible), and solved by Cholesky with
 * λ = {@code ridge} × the mean diagonal of XᵀX, shrinking the weights towards the mean baseline's 1/C (the
 * intercept is not penalised). ZAPBench trains and scores by absolute error, and ΔF/F is skewed (sparse transients
 * on a quiet baseline), so after an offline fit each step's intercept is the median residual of a sample of the
 * training rows ({@link RowSample}: the least-absolute-error intercept for the least-squares slopes, where the
 * least-squares intercept would sit at the mean, above most quiet neurons), and each step's ridge strength is
 * chosen by mean absolute error on a time-ordered hold-out of the training part (the last fifth of each segment's
 * windows); the evaluator may then override it by the validation split ({@link Tunable}).
 *
 * <p>Online ({@link OnlineLinearForecaster}: one per neuron block), {@link #learn} adds windows as they complete and
 * {@link #solve} refits. Before the first fit the
 * forecaster answers with the context mean (so it can run from the first frame).
 */
public final class LinearForecaster implements Tunable {

    private static final int TILE = 128;
    /** The training-row sample's budget: 8 M floats (32 MB), e.g. 222,000 rows at C = 4, 27,700 at C = 256. */
    private static final long SAMPLE_FLOATS = 8_000_000;
    /** Ridge strengths (× the mean diagonal of XᵀX) the evaluator chooses among on the validation split. */
    static final double[] RIDGES = {1e-4, 1e-2, 1e-1, 1, 10, 100};
    /** Rows and iterations of the absolute-error calibration (four coefficients per step: plenty of rows). */
    private static final int CALIBRATION_ROWS = 40_000;
    private static final int CALIBRATION_ITERATIONS = 10;

    private final int context;
    private final int horizon;
    private final int rowsPerBlock;
    private double ridge;
    private final double builtRidge;
    private final int p;
    private final double[] xtx;
    private final double[] xty;
    // the same sums over the hold-out rows only (the last fifth of each training segment's windows), and Σy²
    // (allocated by the first offline fit: an online map, one per neuron block, never has a hold-out)
    private double[] xtxTail = new double[0];
    private double[] xtyTail = new double[0];
    private double[] yyTail = new double[0];
    private long tailRows;
    private boolean inTail;
    private boolean sampling; // true while fit() runs: offline rows are sampled, online ones are not
    private final RowSample sample;
    private double[] stepRidge; // per step, chosen on the hold-out; null = {@code ridge} for every step
    private double[] heldOutChoice;
    private boolean calibrate = true;
    private int calibratedSteps; // steps whose absolute-error calibration the hold-out accepted, in the last fit
    private boolean[] calibratedStep = new boolean[0];
    private int[] chosenByStep; // candidate per step, after chooseByStep; null otherwise
    private final double[] row;
    private final double[] target;
    private long rows;
    private float[] weights; // [H][C]
    private float[] bias; // [H]
    private final MeanForecaster fallback;
    private float[][] acc = new float[0][0]; // [H][neurons], the steps' accumulators

    public LinearForecaster(int context, int horizon) {
        this(context, horizon, defaultRowsPerBlock(context, horizon), 1e-4);
    }

    public LinearForecaster(int context, int horizon, int rowsPerBlock, double ridge) {
        this.context = context;
        this.horizon = horizon;
        this.rowsPerBlock = rowsPerBlock;
        this.ridge = ridge;
        this.builtRidge = ridge;
        this.p = context + 1;
        this.xtx = new double[p * p];
        this.xty = new double[p * horizon];
        this.row = new double[p];
        this.target = new double[horizon];
        this.fallback = new MeanForecaster(context, horizon);
        this.sample = new RowSample(context, horizon, SAMPLE_FLOATS);
    }

    /** This forecaster without the absolute-error calibration (ridge least squares, median intercepts), to compare. */
    LinearForecaster withoutCalibration() {
        calibrate = false;
        return this;
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
        if (xtxTail.length == 0) {
            xtxTail = new double[p * p];
            xtyTail = new double[p * horizon];
            yyTail = new double[horizon];
        }
        int n = d.neurons();
        long total = 0;
        for (ZapbenchProtocol.Range r : d.segments()) {
            total += (long) Math.max(0, r.length() - context - horizon + 1) * n;
        }
        long stride = Math.max(1, (total + rowsPerBlock - 1) / rowsPerBlock);
        long k = 0;
        sampling = true;
        for (ZapbenchProtocol.Range r : d.segments()) {
            int windows = r.length() - context - horizon + 1;
            for (int w = 0; w < windows; w++) {
                int s = r.from() + w;
                // the segment's last fifth of windows are also summed apart, as the hold-out of finishFit()
                inTail = windows >= 5 && w >= windows - windows / 5;
                for (int i = 0; i < n; i++, k++) {
                    if (k % stride == 0) {
                        addRow(d.data(), s * n + i, n);
                    }
                }
            }
        }
        inTail = false;
        sampling = false;
    }

    /**
     * Chooses the ridge of each step on a time-ordered hold-out of the training part — fit on the rest, scored
     * (absolute error, with the median intercept; squared error if no hold-out row was sampled) on the windows of
     * each segment's last fifth, never on validation or test data — then solves on all rows and sets the median
     * intercepts. Without hold-out rows it solves with the built ridge.
     */
    @Override
    public void finishFit() {
        stepRidge = null;
        if (tailRows > 0 && tailRows < rows) {
            double[] fitXtx = new double[p * p];
            double[] fitXty = new double[p * horizon];
            for (int i = 0; i < fitXtx.length; i++) {
                fitXtx[i] = xtx[i] - xtxTail[i];
            }
            for (int i = 0; i < fitXty.length; i++) {
                fitXty[i] = xty[i] - xtyTail[i];
            }
            double[] best = new double[horizon];
            double[] bestErr = new double[horizon];
            java.util.Arrays.fill(bestErr, Double.POSITIVE_INFINITY);
            boolean byAbsoluteError = sample.heldOutRows() > 0;
            for (double r : RIDGES) {
                double[] x = solveWith(fitXtx, fitXty, r);
                float[] w = slopes(x);
                for (int h = 0; h < horizon; h++) {
                    double e = byAbsoluteError
                            ? sample.heldOutMae(w, sample.medianResidual(w, h, true), h)
                            : heldOutSquaredError(x, h);
                    if (e < bestErr[h]) {
                        bestErr[h] = e;
                        best[h] = r;
                    }
                }
            }
            stepRidge = best;
        }
        heldOutChoice = stepRidge;
        solve();
        absoluteErrorIntercepts();
        calibrateForAbsoluteError();
    }

    /** The slopes [H][C] of a solution [C + 1][H]. */
    private float[] slopes(double[] x) {
        float[] w = new float[horizon * context];
        for (int h = 0; h < horizon; h++) {
            for (int c = 0; c < context; c++) {
                w[h * context + c] = (float) x[c * horizon + h];
            }
        }
        return w;
    }

    /** Each step's intercept := the median residual over the sampled training rows (no-op without a sample). */
    private void absoluteErrorIntercepts() {
        if (sample.size() == 0 || weights == null) {
            return;
        }
        float[] b = bias.clone();
        for (int h = 0; h < horizon; h++) {
            b[h] = sample.medianResidual(weights, h, false);
        }
        bias = b;
    }

    /**
     * Refits each step for absolute error, within the linear family: the least-squares map's forecast ŷ, the
     * context mean m and the last frame x_last are combined as a·ŷ + c·m + d·x_last + e by least-absolute-deviation
     * regression ({@link LeastAbsoluteFit}) on the sampled training rows outside the hold-out, and kept only where
     * it lowers the hold-out's absolute error. The combination folds back into the map
     * (W' = a·W + c/C + d·[last], b' = a·b + e), so the forecast stays one linear map of the context. Least squares
     * fits the conditional mean, pulled up by transients; the score wants the conditional median, which is why
     * ridge least squares with a median intercept ties the mean baseline at long horizons and this does not.
     * Without a sample (online fits) it does nothing.
     */
    private void calibrateForAbsoluteError() {
        calibratedSteps = 0;
        calibratedStep = new boolean[horizon];
        if (!calibrate || sample.size() == 0 || weights == null) {
            return;
        }
        int k = RowSample.CALIBRATION_FEATURES;
        boolean holdOut = sample.heldOutRows() > 0;
        double[] f = new double[CALIBRATION_ROWS * k];
        double[] y = new double[CALIBRATION_ROWS];
        double[] fHeld = holdOut ? new double[CALIBRATION_ROWS * k] : null;
        double[] yHeld = holdOut ? new double[CALIBRATION_ROWS] : null;
        double[] identity = {1, 0, 0, 0};
        float[] w = weights.clone();
        float[] b = bias.clone();
        for (int h = 0; h < horizon; h++) {
            int m = sample.calibrationRows(weights, bias[h], h, holdOut ? 0 : -1, CALIBRATION_ROWS, f, y);
            if (m < 16 * k) {
                continue;
            }
            double[] beta = LeastAbsoluteFit.fit(f, y, m, k, identity, CALIBRATION_ITERATIONS);
            if (holdOut) {
                int mh = sample.calibrationRows(weights, bias[h], h, 1, CALIBRATION_ROWS, fHeld, yHeld);
                if (LeastAbsoluteFit.meanAbsoluteError(fHeld, yHeld, mh, k, beta)
                        >= LeastAbsoluteFit.meanAbsoluteError(fHeld, yHeld, mh, k, identity)) {
                    continue;
                }
            }
            for (int c = 0; c < context; c++) {
                double v = beta[0] * weights[h * context + c] + beta[1] / context + (c == context - 1 ? beta[2] : 0);
                w[h * context + c] = (float) v;
            }
            b[h] = (float) (beta[0] * bias[h] + beta[3]);
            calibratedSteps++;
            calibratedStep[h] = true;
        }
        weights = w;
        bias = b;
    }

    /** The ridge of each step after the last fit (all the built ridge when there was no hold-out). */
    double[] stepRidges() {
        double[] r = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            r[h] = stepRidge == null ? ridge : stepRidge[h];
        }
        return r;
    }

    /** Σ over hold-out rows of (y_h − x̂_h)² = wᵀ XᵀX w − 2 wᵀ Xᵀy + Σy², from the hold-out sums. */
    private double heldOutSquaredError(double[] x, int h) {
        double q = 0;
        double l = 0;
        for (int a = 0; a < p; a++) {
            double wa = x[a * horizon + h];
            q += wa * wa * xtxTail[a * p + a];
            for (int b = 0; b < a; b++) {
                q += 2 * wa * x[b * horizon + h] * xtxTail[a * p + b];
            }
            l += wa * xtyTail[a * horizon + h];
        }
        return q - 2 * l + yyTail[h];
    }

    /**
     * Adds the windows of the neurons {@code i ≡ phase (mod step)} of the C + H frames {@code frames[from ..]}
     * (context then targets) to the normal equations; online learning calls it as each window completes.
     */
    public void learn(float[][] frames, int from, int neurons, int step, int phase) {
        for (int i = phase; i < neurons; i += step) {
            for (int c = 0; c < context; c++) {
                row[c] = frames[from + c][i];
            }
            for (int h = 0; h < horizon; h++) {
                target[h] = frames[from + context + h][i];
            }
            accumulate();
        }
    }

    private void addRow(float[] data, int base, int n) {
        for (int c = 0; c < context; c++) {
            row[c] = data[base + c * n];
        }
        int t = base + context * n;
        for (int h = 0; h < horizon; h++) {
            target[h] = data[t + h * n];
        }
        accumulate();
    }

    /** Adds the row in {@code row[0 .. C)} with targets {@code target} to XᵀX and XᵀY (and to the hold-out's). */
    private void accumulate() {
        row[context] = 1;
        addTo(xtx, xty);
        rows++;
        if (sampling) {
            sample.offer(row, target, inTail);
        }
        if (inTail) {
            addTo(xtxTail, xtyTail);
            for (int h = 0; h < horizon; h++) {
                yyTail[h] += target[h] * target[h];
            }
            tailRows++;
        }
    }

    /** a += row rowᵀ (lower triangle), y += row targetᵀ. */
    private void addTo(double[] a, double[] y) {
        for (int i = 0; i < p; i++) {
            double ri = row[i];
            int o = i * p;
            for (int j = 0; j <= i; j++) {
                a[o + j] += ri * row[j];
            }
        }
        for (int h = 0; h < horizon; h++) {
            double t = target[h];
            for (int i = 0; i < p; i++) {
                y[i * horizon + h] += row[i] * t;
            }
        }
    }

    /** Solves the ridge problem with the rows so far, each step with its ridge (no-op without rows). */
    public void solve() {
        if (rows == 0) {
            return;
        }
        java.util.Map<Double, double[]> byRidge = new java.util.HashMap<>();
        float[] w = new float[horizon * context];
        float[] b = new float[horizon];
        for (int h = 0; h < horizon; h++) {
            double r = stepRidge == null ? ridge : stepRidge[h];
            double[] x = byRidge.computeIfAbsent(r, v -> solveWith(xtx, xty, v));
            for (int c = 0; c < context; c++) {
                w[h * context + c] = (float) x[c * horizon + h];
            }
            b[h] = (float) x[context * horizon + h];
        }
        weights = w;
        bias = b;
    }

    /**
     * Ridge solution [C + 1][H] for sums {@code a}, {@code y}: λ = {@code r} × the mean diagonal, shrinking
     * towards the mean baseline (W = 1/C), not towards 0: (XᵀX + λI) w = XᵀY + λ w₀; the intercept is free.
     */
    private double[] solveWith(double[] a, double[] y, double r) {
        double lambda = r * LinAlg.meanDiagonal(a, p);
        double[] rhs = y.clone();
        for (int c = 0; c < context; c++) {
            for (int h = 0; h < horizon; h++) {
                rhs[c * horizon + h] += lambda / context;
            }
        }
        return LinAlg.ridgeSolve(a, rhs, p, horizon, lambda, context);
    }

    @Override
    public int candidates() {
        return RIDGES.length;
    }

    @Override
    public void choose(int i) {
        chosenByStep = null;
        ridge = i < 0 ? builtRidge : RIDGES[i];
        stepRidge = i < 0 ? heldOutChoice : null;
        solve();
        absoluteErrorIntercepts();
        calibrateForAbsoluteError();
    }

    /** Each step ahead is its own regression (row h of W, b[h]): it may take its own ridge. */
    @Override
    public boolean stepsAreSeparate() {
        return true;
    }

    @Override
    public void chooseByStep(int[] candidate) {
        if (candidate.length != horizon) {
            throw new IllegalArgumentException("one candidate per step: " + horizon + ", got " + candidate.length);
        }
        float[] w = new float[horizon * context];
        float[] b = new float[horizon];
        double[] r = new double[horizon];
        boolean[] calibrated = new boolean[horizon];
        for (int i : java.util.Arrays.stream(candidate).distinct().toArray()) {
            choose(i);
            double[] ridges = stepRidges();
            for (int h = 0; h < horizon; h++) {
                if (candidate[h] == i) {
                    System.arraycopy(weights, h * context, w, h * context, context);
                    b[h] = bias[h];
                    r[h] = ridges[h];
                    calibrated[h] = calibratedStep.length == horizon && calibratedStep[h];
                }
            }
        }
        weights = w;
        bias = b;
        stepRidge = r;
        calibratedStep = calibrated;
        calibratedSteps = 0;
        for (boolean c : calibrated) {
            calibratedSteps += c ? 1 : 0;
        }
        chosenByStep = candidate.clone();
    }

    @Override
    public String setting() {
        String intercepts = sample.size() > 0 ? "; intercepts: median residual of " + sample.size()
                + " sampled training rows; absolute-error calibration kept at " + calibratedSteps + " of " + horizon
                + " steps" : "";
        if (chosenByStep != null) {
            return "ridge of each step chosen on the validation split: " + stepRidge[0] + " one step ahead … "
                    + stepRidge[horizon - 1] + " at " + horizon + intercepts;
        }
        if (stepRidge == null) {
            return "ridge " + ridge + intercepts;
        }
        return "ridge per step chosen on the training part's last fifth: " + stepRidge[0] + " one step ahead … "
                + stepRidge[horizon - 1] + " at " + horizon + intercepts;
    }

    /** Length of what {@link #writeOnlineState} writes. */
    public int onlineStateBytes() {
        return 16 + 8 * (xtx.length + xty.length) + 4 * ((weights == null ? 0 : weights.length)
                + (bias == null ? 0 : bias.length));
    }

    /**
     * Writes the online model into {@code b} (little-endian) at its position: rows, XᵀX, XᵀY and the solved weights
     * and bias (none before the first solve); the training-time hold-out is not part of it (online learning never
     * uses it).
     */
    public void writeOnlineState(java.nio.ByteBuffer b) {
        int wl = weights == null ? 0 : weights.length;
        int bl = bias == null ? 0 : bias.length;
        b.putLong(rows).putInt(wl).putInt(bl);
        for (double v : xtx) {
            b.putDouble(v);
        }
        for (double v : xty) {
            b.putDouble(v);
        }
        for (int i = 0; i < wl; i++) {
            b.putFloat(weights[i]);
        }
        for (int i = 0; i < bl; i++) {
            b.putFloat(bias[i]);
        }
    }

    /**
     * Continues from what {@link #writeOnlineState} wrote, the rest of {@code b} (little-endian); false (and
     * nothing changed) when it is of another C or H.
     */
    public boolean restoreOnlineState(java.nio.ByteBuffer b) {
        int length = b.remaining();
        if (length < 16) {
            return false;
        }
        long r = b.getLong();
        int wl = b.getInt();
        int bl = b.getInt();
        if (length != 16 + 8 * (xtx.length + xty.length) + 4 * (wl + bl) || (wl != 0 && wl != horizon * context)
                || (bl != 0 && bl != horizon)) {
            return false;
        }
        rows = r;
        for (int i = 0; i < xtx.length; i++) {
            xtx[i] = b.getDouble();
        }
        for (int i = 0; i < xty.length; i++) {
            xty[i] = b.getDouble();
        }
        weights = wl == 0 ? null : new float[wl];
        for (int i = 0; i < wl; i++) {
            weights[i] = b.getFloat();
        }
        bias = bl == 0 ? null : new float[bl];
        for (int i = 0; i < bl; i++) {
            bias[i] = b.getFloat();
        }
        return true;
    }

    /** Forgets the accumulated rows (keeps the current weights). */
    public void resetAccumulation() {
        Arrays.fill(xtx, 0);
        Arrays.fill(xty, 0);
        Arrays.fill(xtxTail, 0);
        Arrays.fill(xtyTail, 0);
        Arrays.fill(yyTail, 0);
        rows = 0;
        tailRows = 0;
        sample.clear();
    }

    @Override
    public void forecast(float[][] frames, int from, int firstNeuron, int neurons, int[] targetConditions,
                         float[] out) {
        float[] w = weights;
        float[] b = bias;
        if (w == null) {
            fallback.forecast(frames, from, firstNeuron, neurons, targetConditions, out);
            return;
        }
        if (acc.length != horizon || acc[0].length < neurons) {
            acc = new float[horizon][neurons];
        }
        // Tiled over neurons: per tile, each group of eight context frames (8 × TILE floats) is read from memory
        // once and stays in L1 while all H steps' accumulators (H × TILE floats, also in L1) take it in.
        for (int i0 = 0; i0 < neurons; i0 += TILE) {
            int i1 = Math.min(neurons, i0 + TILE);
            for (int h = 0; h < horizon; h++) {
                Arrays.fill(acc[h], i0, i1, b[h]);
            }
            int c = 0;
            for (; c + 8 <= context; c += 8) {
                for (int h = 0; h < horizon; h++) {
                    axpy8(acc[h], frames, from + c, w, h * context + c, i0, i1);
                }
            }
            for (; c < context; c++) {
                for (int h = 0; h < horizon; h++) {
                    axpy1(acc[h], frames[from + c], w[h * context + c], i0, i1);
                }
            }
            for (int h = 0; h < horizon; h++) {
                System.arraycopy(acc[h], i0, out, h * neurons + i0, i1 - i0);
            }
        }
    }

    /** acc[i] += Σ_{j<8} w[wo + j] · frames[f + j][i] over i in [i0, i1); every array indexed by i alone. */
    private static void axpy8(float[] acc, float[][] frames, int f, float[] w, int wo, int i0, int i1) {
        float w0 = w[wo];
        float w1 = w[wo + 1];
        float w2 = w[wo + 2];
        float w3 = w[wo + 3];
        float w4 = w[wo + 4];
        float w5 = w[wo + 5];
        float w6 = w[wo + 6];
        float w7 = w[wo + 7];
        float[] x0 = frames[f];
        float[] x1 = frames[f + 1];
        float[] x2 = frames[f + 2];
        float[] x3 = frames[f + 3];
        float[] x4 = frames[f + 4];
        float[] x5 = frames[f + 5];
        float[] x6 = frames[f + 6];
        float[] x7 = frames[f + 7];
        for (int i = i0; i < i1; i++) {
            float a = Math.fma(w0, x0[i], acc[i]);
            a = Math.fma(w1, x1[i], a);
            a = Math.fma(w2, x2[i], a);
            a = Math.fma(w3, x3[i], a);
            a = Math.fma(w4, x4[i], a);
            a = Math.fma(w5, x5[i], a);
            a = Math.fma(w6, x6[i], a);
            acc[i] = Math.fma(w7, x7[i], a);
        }
    }

    /** acc[i] += wc · x[i] over i in [i0, i1). */
    private static void axpy1(float[] acc, float[] x, float wc, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            acc[i] = Math.fma(wc, x[i], acc[i]);
        }
    }
}
