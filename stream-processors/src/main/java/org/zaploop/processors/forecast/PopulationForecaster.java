package org.zaploop.processors.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A population model: ZAPBench's linear baseline (the context → horizon map shared by all neurons, which sees only
 * each neuron's own past) corrected by what the other neurons of the block say. Per block, a rank-k projection U
 * (PCA of the training part by subspace (power) iteration) gives the latent state of the last {@value #LAGS}
 * frames, {@code z = Uᵀ(x − μ)}, and per step h a ridge regression on the training windows maps that state to the
 * part of the target's latent state the linear forecast misses, {@code corr_h = G_hᵀ [z[t]; z[t−1]]}. ZAPBench
 * scores absolute error, and least squares in the latent space fits a mean, so the forecast combines these parts
 * per step with coefficients fit by least absolute deviation ({@link LeastAbsoluteFit}) on sampled training rows
 * of every block:
 * {@code x̂_i[t+h] = a_h·linear_h(context_i) + c_h·(U corr_h)_i + Σ_j (α_hj z_j[t] + β_hj z_j[t−1])·U_ij
 * + γ_h·μ_i + e_h}: the shared state's components each persist at their own rate, and μ_i, the neuron's mean over
 * the training part, is the level it returns to (which no window of context can tell). With a = c = 1 and the rest 0
 * it is the linear baseline plus the latent correction. The fit costs frames × n × k per block plus windows × H × C
 * × k; a forecast adds k + 3 multiply-adds per neuron and step to the linear map's. One projection per neuron block
 * (keyed by first neuron); blocks never fitted get the linear forecast alone (the context mean before any fit).
 */
public final class PopulationForecaster implements Tunable {

    /** Latent frames the correction reads: the last two (level and velocity of the shared state). */
    static final int LAGS = 2;

    /** Training-part floats per block kept for the absolute-error combination (context and targets of its rows). */
    private static final int CALIBRATION_FLOATS_PER_BLOCK = 250_000;
    /** At most this many rows, over all blocks, enter each step's combination fit. */
    private static final int CALIBRATION_ROWS = 20_000;
    private static final int CALIBRATION_ITERATIONS = 10;

    private record Model(int neurons, float[] mu, float[] u, float[] g) {
    }

    /**
     * A block's sampled training rows: per row its context then its targets ({@code values}, C + H each), its neuron
     * in the block and the frame of its last context value.
     */
    private record SampledRows(float[] values, int[] neuron, int[] last) {
    }

    /**
     * What a block's fit keeps to fit its correction on the solved linear map: projected frames, train ranges, and
     * sampled training rows for the absolute-error combination.
     */
    private record Pending(int firstNeuron, int neurons, float[] mu, float[] u, double[] zMu, double[] u1,
                           double[] p, int frames, List<ZapbenchProtocol.Range> segments, SampledRows rows) {
    }

    private final int context;
    private final int horizon;
    private final int rank;
    private final int iterations;
    private final int maxFrames;
    private final LinearForecaster linear;
    private final Map<Integer, Model> models = new ConcurrentHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final double[] z;
    private final double[] corr;
    private final double[] mix;
    /** Per step, the combination's coefficients (see the class comment); null before a fit: a = c = 1, rest 0. */
    private volatile double[][] combination;

    public PopulationForecaster(int context, int horizon) {
        this(context, horizon, 8, 12, 1500);
    }

    public PopulationForecaster(int context, int horizon, int rank, int iterations, int maxFrames) {
        this.context = context;
        this.horizon = horizon;
        this.rank = rank;
        this.iterations = iterations;
        this.maxFrames = maxFrames;
        this.linear = new LinearForecaster(context, horizon);
        this.z = new double[LAGS * rank + 1];
        this.corr = new double[rank];
        this.mix = new double[rank];
    }

    @Override
    public String name() {
        return "population";
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    /** Whether any block has a fitted correction (none when no training window had C + H frames). */
    public boolean fitted() {
        return !models.isEmpty();
    }

    public boolean fitted(int firstNeuron) {
        return models.containsKey(firstNeuron);
    }

    @Override
    public void fit(TrainingBlock d) {
        int n = d.neurons();
        int k = Math.min(rank, n);
        List<Integer> frames = new ArrayList<>();
        for (ZapbenchProtocol.Range r : d.segments()) {
            for (int f = r.from(); f < r.to(); f++) {
                frames.add(f);
            }
        }
        if (frames.size() < 2) {
            return;
        }
        float[] x = d.data();
        double[] mu = new double[n];
        for (int f : frames) {
            for (int i = 0; i < n; i++) {
                mu[i] += x[f * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            mu[i] /= frames.size();
        }
        int stride = Math.max(1, (frames.size() + maxFrames - 1) / maxFrames);
        List<Integer> sample = new ArrayList<>();
        for (int j = 0; j < frames.size(); j += stride) {
            sample.add(frames.get(j));
        }
        // subspace iteration on the covariance, never formed: Q ← orth(Xcᵀ (Xc Q))
        double[] q = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                q[i * k + j] = Math.sin(0.7 * i + 1.3 * j + 0.1 * i * j) + (i % (j + 2) == 0 ? 1 : 0);
            }
        }
        LinAlg.orthonormalise(q, n, k);
        double[] proj = new double[sample.size() * k];
        for (int it = 0; it < iterations; it++) {
            project(x, sample, mu, q, n, k, proj);
            double[] y = new double[n * k];
            for (int t = 0; t < sample.size(); t++) {
                int row = sample.get(t) * n;
                for (int i = 0; i < n; i++) {
                    double xc = x[row + i] - mu[i];
                    int o = i * k;
                    for (int j = 0; j < k; j++) {
                        y[o + j] += xc * proj[t * k + j];
                    }
                }
            }
            LinAlg.orthonormalise(y, n, k);
            q = y;
        }
        float[] muF = new float[n];
        float[] uF = new float[n * k];
        for (int i = 0; i < n; i++) {
            muF[i] = (float) mu[i];
        }
        for (int i = 0; i < n * k; i++) {
            uF[i] = (float) q[i];
        }
        // every frame projected, uncentred: p[f] = Uᵀ x[f]; and Uᵀ μ, Uᵀ 1 to centre and to carry the bias
        int frameCount = d.frames();
        double[] p = new double[frameCount * k];
        double[] zero = new double[n];
        double[] cur = new double[k];
        for (int f = 0; f < frameCount; f++) {
            latent(x, f * n, zero, q, n, k, cur);
            System.arraycopy(cur, 0, p, f * k, k);
        }
        double[] zMu = new double[k];
        double[] u1 = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                zMu[j] += mu[i] * q[i * k + j];
                u1[j] += q[i * k + j];
            }
        }
        linear.fit(d);
        Pending pd = new Pending(d.firstNeuron(), n, muF, uF, zMu, u1, p, frameCount, d.segments(), sampleRows(d));
        synchronized (pending) {
            pending.add(pd);
        }
    }

    /** Solves the shared linear map, then each block's latent correction on its training windows. */
    @Override
    public void finishFit() {
        linear.finishFit();
        fitCorrections();
    }

    private void fitCorrections() {
        float[] w = linear.weights();
        float[] b = linear.bias();
        synchronized (pending) {
            if (w != null) {
                for (Pending pd : pending) {
                    models.put(pd.firstNeuron(), fitCorrection(pd, w, b));
                }
                combination = fitCombination(w, b);
            }
        }
    }

    /**
     * The block's training rows at an even stride over windows × neurons, up to
     * {@value #CALIBRATION_FLOATS_PER_BLOCK} floats: each row's context and targets, neuron and last context frame.
     */
    private SampledRows sampleRows(TrainingBlock d) {
        int n = d.neurons();
        int width = context + horizon;
        long total = 0;
        for (ZapbenchProtocol.Range r : d.segments()) {
            total += (long) Math.max(0, r.length() - context - horizon + 1) * n;
        }
        int cap = Math.max(1, CALIBRATION_FLOATS_PER_BLOCK / width);
        long stride = Math.max(1, (total + cap - 1) / cap);
        int count = (int) Math.min(cap, (total + stride - 1) / stride);
        float[] rows = new float[count * width];
        int[] neuron = new int[count];
        int[] last = new int[count];
        float[] x = d.data();
        long k = 0;
        int m = 0;
        for (ZapbenchProtocol.Range r : d.segments()) {
            for (int s = r.from(); s + context + horizon <= r.to(); s++) {
                for (int i = 0; i < n; i++, k++) {
                    if (k % stride != 0 || m == count) {
                        continue;
                    }
                    for (int f = 0; f < width; f++) {
                        rows[m * width + f] = x[(s + f) * n + i];
                    }
                    neuron[m] = i;
                    last[m] = s + context - 1;
                    m++;
                }
            }
        }
        return new SampledRows(Arrays.copyOf(rows, m * width), Arrays.copyOf(neuron, m), Arrays.copyOf(last, m));
    }

    /** Features of the combination per row: linear, latent correction, z[t]·U, z[t−1]·U (rank each), μ, 1. */
    private int features() {
        return 2 * rank + 4;
    }

    /**
     * Per step, the coefficients of the class comment's combination, fit by least absolute deviation over the
     * blocks' sampled training rows (at most {@value #CALIBRATION_ROWS}, an even stride); null without rows.
     */
    private double[][] fitCombination(float[] w, float[] b) {
        int total = 0;
        for (Pending pd : pending) {
            total += pd.rows().neuron().length;
        }
        if (total < 16 * features()) {
            return null;
        }
        int stride = Math.max(1, (total + CALIBRATION_ROWS - 1) / CALIBRATION_ROWS);
        int rowsUsed = (total + stride - 1) / stride;
        int nf = features();
        double[] f = new double[rowsUsed * nf];
        double[] y = new double[rowsUsed];
        double[] start = new double[nf];
        start[0] = 1;
        start[1] = 1;
        double[][] out = new double[horizon][];
        for (int h = 0; h < horizon; h++) {
            int m = rowFeatures(w, b, h, stride, f, y);
            // neighbouring steps have similar coefficients: each fit starts from the previous step's
            out[h] = LeastAbsoluteFit.fit(f, y, m, nf, h == 0 ? start : out[h - 1], CALIBRATION_ITERATIONS);
        }
        return out;
    }

    /** Fills the features and targets of step h for every {@code stride}-th sampled row; returns the rows filled. */
    private int rowFeatures(float[] w, float[] b, int h, int stride, double[] f, double[] y) {
        int nf = features();
        int width = context + horizon;
        int lags = Math.min(LAGS, context);
        int m = 0;
        long k = 0;
        double[] zt = new double[rank];
        double[] zp = new double[rank];
        for (Pending pd : pending) {
            Model model = models.get(pd.firstNeuron());
            int kb = pd.u().length / pd.neurons();
            int outs = horizon * kb;
            SampledRows rows = pd.rows();
            for (int r = 0; r < rows.neuron().length; r++, k++) {
                if (k % stride != 0) {
                    continue;
                }
                int o = r * width;
                double lin = b[h];
                for (int c = 0; c < context; c++) {
                    lin += (double) w[h * context + c] * rows.values()[o + c];
                }
                int last = rows.last()[r];
                for (int j = 0; j < kb; j++) {
                    zt[j] = pd.p()[last * kb + j] - pd.zMu()[j];
                    zp[j] = lags > 1 ? pd.p()[(last - 1) * kb + j] - pd.zMu()[j] : 0;
                }
                int i = rows.neuron()[r];
                int fo = m * nf;
                Arrays.fill(f, fo, fo + nf, 0);
                f[fo] = lin;
                double corrected = 0;
                for (int j = 0; j < kb; j++) {
                    double cj = 0;
                    for (int l = 0; l < lags; l++) {
                        for (int q = 0; q < kb; q++) {
                            cj += model.g()[(l * kb + q) * outs + h * kb + j] * (l == 0 ? zt[q] : zp[q]);
                        }
                    }
                    double uij = pd.u()[i * kb + j];
                    corrected += uij * cj;
                    f[fo + 2 + j] = uij * zt[j];
                    f[fo + 2 + rank + j] = uij * zp[j];
                }
                f[fo + 1] = corrected;
                f[fo + 2 + 2 * rank] = pd.mu()[i];
                f[fo + 3 + 2 * rank] = 1;
                y[m++] = rows.values()[o + context + h];
            }
        }
        return m;
    }

    /**
     * No candidates: the linear map inside keeps its per-step ridge chosen on the training part's own hold-out, and
     * the absolute-error combination on top absorbs what a different ridge would change. Tuning on the validation
     * split would refit the combination once per candidate (seconds each at whole-brain scale) to move the score
     * in the fourth digit.
     */
    @Override
    public int candidates() {
        return 0;
    }

    /** Only the setting it was built with (−1) exists; it is the one {@link #finishFit} fitted, so nothing to do. */
    @Override
    public void choose(int i) {
        if (i != -1) {
            throw new IllegalArgumentException("the population model has no candidate " + i);
        }
    }

    @Override
    public String setting() {
        return linear.setting() + (combination == null ? "" : "; then combined by least absolute error with the "
                + "block's rank-" + rank + " shared state and each neuron's training-part level");
    }

    private Model fitCorrection(Pending pd, float[] w, float[] b) {
        int k = pd.u().length / pd.neurons();
        int lags = Math.min(LAGS, context);
        int dim = lags * k + 1;
        int outs = horizon * k;
        double[] ftf = new double[dim * dim];
        double[] fty = new double[dim * outs];
        double[] phi = new double[dim];
        double[] y = new double[k];
        double[] p = pd.p();
        long windows = 0;
        for (ZapbenchProtocol.Range r : pd.segments()) {
            windows += Math.max(0, r.length() - context - horizon + 1);
        }
        long stride = Math.max(1, (windows + maxFrames - 1) / maxFrames);
        long idx = 0;
        for (ZapbenchProtocol.Range r : pd.segments()) {
            for (int s = r.from(); s + context + horizon <= r.to(); s++, idx++) {
                if (idx % stride != 0) {
                    continue;
                }
                int last = s + context - 1;
                for (int l = 0; l < lags; l++) {
                    for (int j = 0; j < k; j++) {
                        phi[l * k + j] = p[(last - l) * k + j] - pd.zMu()[j];
                    }
                }
                phi[dim - 1] = 1;
                for (int a = 0; a < dim; a++) {
                    for (int c = 0; c <= a; c++) {
                        ftf[a * dim + c] += phi[a] * phi[c];
                    }
                }
                for (int h = 0; h < horizon; h++) {
                    // latent residual of the linear forecast: Uᵀx[t+1+h] − Σ_c W[h][c] Uᵀx[s+c] − b[h] Uᵀ1
                    int t = s + context + h;
                    for (int j = 0; j < k; j++) {
                        y[j] = p[t * k + j] - b[h] * pd.u1()[j];
                    }
                    for (int c = 0; c < context; c++) {
                        double wc = w[h * context + c];
                        int o = (s + c) * k;
                        for (int j = 0; j < k; j++) {
                            y[j] -= wc * p[o + j];
                        }
                    }
                    for (int a = 0; a < dim; a++) {
                        double fa = phi[a];
                        int o = a * outs + h * k;
                        for (int j = 0; j < k; j++) {
                            fty[o + j] += fa * y[j];
                        }
                    }
                }
            }
        }
        double[] g = LinAlg.ridgeSolve(ftf, fty, dim, outs, 1e-3 * LinAlg.meanDiagonal(ftf, dim) + 1e-12, dim - 1);
        float[] gF = new float[g.length];
        // The intercept row is fitted (so the slopes are unbiased) but not kept: it would restore the least-squares
        // mean level the linear map's absolute-error calibration moved to the median; the correction carries only
        // the shared state's deviation from its training mean.
        for (int i = 0; i < (dim - 1) * outs; i++) {
            gF[i] = (float) g[i];
        }
        return new Model(pd.neurons(), pd.mu(), pd.u(), gF);
    }

    private static void project(float[] x, List<Integer> frames, double[] mu, double[] q, int n, int k, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int t = 0; t < frames.size(); t++) {
            int row = frames.get(t) * n;
            for (int i = 0; i < n; i++) {
                double xc = x[row + i] - mu[i];
                int o = i * k;
                for (int j = 0; j < k; j++) {
                    out[t * k + j] += xc * q[o + j];
                }
            }
        }
    }

    private static void latent(float[] x, int off, double[] mu, double[] q, int n, int k, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < n; i++) {
            double xc = x[off + i] - mu[i];
            for (int j = 0; j < k; j++) {
                out[j] += xc * q[i * k + j];
            }
        }
    }

    @Override
    public void forecast(float[][] frames, int from, int firstNeuron, int neurons, int[] targetConditions,
                         float[] out) {
        linear.forecast(frames, from, firstNeuron, neurons, targetConditions, out);
        Model m = models.get(firstNeuron);
        if (m == null || m.neurons() != neurons) {
            return;
        }
        int k = m.u().length / neurons;
        int lags = Math.min(LAGS, context);
        int dim = lags * k + 1;
        int outs = horizon * k;
        float[] u = m.u();
        float[] mu = m.mu();
        float[] g = m.g();
        java.util.Arrays.fill(z, 0);
        for (int l = 0; l < lags; l++) {
            float[] x = frames[from + context - 1 - l];
            for (int i = 0; i < neurons; i++) {
                double xc = x[i] - mu[i];
                for (int j = 0; j < k; j++) {
                    z[l * k + j] += xc * u[i * k + j];
                }
            }
        }
        double[][] comb = combination;
        for (int h = 0; h < horizon; h++) {
            // corr = G_hᵀ [z[t]; z[t−1]] (the intercept row is not kept)
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int a = 0; a < dim - 1; a++) {
                    s += g[a * outs + h * k + j] * z[a];
                }
                corr[j] = s;
            }
            double a = 1;
            double gamma = 0;
            double e = 0;
            if (comb == null) {
                System.arraycopy(corr, 0, mix, 0, k);
            } else {
                double[] c = comb[h];
                a = c[0];
                gamma = c[2 + 2 * rank];
                e = c[3 + 2 * rank];
                for (int j = 0; j < k; j++) {
                    mix[j] = c[1] * corr[j] + c[2 + j] * z[j] + (lags > 1 ? c[2 + rank + j] * z[k + j] : 0);
                }
            }
            // x̂_i = a·linear_i + Σ_j U_ij mix_j + γ μ_i + e
            int o = h * neurons;
            for (int i = 0; i < neurons; i++) {
                double v = a * out[o + i] + gamma * mu[i] + e;
                for (int j = 0; j < k; j++) {
                    v += u[i * k + j] * mix[j];
                }
                out[o + i] = (float) v;
            }
        }
    }
}
