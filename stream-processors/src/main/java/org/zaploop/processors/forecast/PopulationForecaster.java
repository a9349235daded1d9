package org.zaploop.processors.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A population model: ZAPBench's linear baseline (the context → horizon map shared by all neurons, which sees only
 * each neuron's own past) corrected by what the other neurons of the block say. Per block, a rank-k projection U
 * (PCA of the training part by subspace (power) iteration) gives the latent state of the last {@value #LAGS}
 * frames, {@code z = Uᵀ(x − μ)}; per step h a ridge regression on the training windows maps that state to the part
 * of the target's latent state the linear forecast misses:
 * {@code x̂[t+h] = linear_h(context) + U G_hᵀ [z[t]; z[t−1]; 1]}. With G = 0 it is the linear baseline, so it
 * gains wherever activity is shared across neurons (short horizons) and falls back to linear where it is not.
 * The latent residuals are computed in the latent space (the linear map commutes with Uᵀ), so the fit costs
 * frames × n × k per block plus windows × H × C × k. One model per neuron block (keyed by first neuron); blocks
 * never fitted get the linear forecast alone (the context mean before any fit).
 */
public final class PopulationForecaster implements Tunable {

    /** Latent frames the correction reads: the last two (level and velocity of the shared state). */
    static final int LAGS = 2;

    private record Model(int neurons, float[] mu, float[] u, float[] g) {
    }

    /** What a block's fit keeps to fit its correction on the solved linear map: projected frames, train ranges. */
    private record Pending(int firstNeuron, int neurons, float[] mu, float[] u, double[] zMu, double[] u1,
                           double[] p, int frames, List<ZapbenchProtocol.Range> segments) {
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
        synchronized (pending) {
            pending.add(new Pending(d.firstNeuron(), n, muF, uF, zMu, u1, p, frameCount, d.segments()));
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
            }
        }
    }

    /** The linear map's ridge candidates; each refits the corrections on top of it. */
    @Override
    public int candidates() {
        return linear.candidates();
    }

    @Override
    public void choose(int i) {
        linear.choose(i);
        fitCorrections();
    }

    @Override
    public String setting() {
        return linear.setting();
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
        for (int i = 0; i < g.length; i++) {
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
        z[dim - 1] = 1;
        for (int h = 0; h < horizon; h++) {
            // corr = G_hᵀ [z; 1]; the forecast gains U corr
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int a = 0; a < dim; a++) {
                    s += g[a * outs + h * k + j] * z[a];
                }
                corr[j] = s;
            }
            int o = h * neurons;
            for (int i = 0; i < neurons; i++) {
                double v = 0;
                for (int j = 0; j < k; j++) {
                    v += u[i * k + j] * corr[j];
                }
                out[o + i] += (float) v;
            }
        }
    }
}
