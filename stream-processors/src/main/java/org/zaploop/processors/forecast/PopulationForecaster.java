package org.zaploop.processors.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A population model that uses the other neurons of the block: a rank-k projection (PCA of the training part by
 * subspace (power) iteration) with linear dynamics in the latent space, {@code z[t+1] = A z[t]} (A by ridge
 * regression over consecutive training frames). The forecast keeps the context mean for what lies outside the
 * latent subspace and propagates the latent state of the last frame:
 * {@code x̂[t+h] = m + U (A^h z[t] − z̄)}, where m is the context mean, {@code z[t] = Uᵀ(x[t] − μ)} and
 * {@code z̄ = Uᵀ(m − μ)}. With A → 0 it is the mean baseline; with A = I it carries the last frame's latent
 * deviation forward. One model per neuron block (keyed by first neuron); blocks never fitted fall back to the
 * context mean.
 */
public final class PopulationForecaster implements Forecaster {

    private record Model(int neurons, float[] mu, float[] u, float[] a) {
    }

    private final int context;
    private final int horizon;
    private final int rank;
    private final int iterations;
    private final int maxFrames;
    private final Map<Integer, Model> models = new ConcurrentHashMap<>();
    private double[] acc = new double[0];
    private float[] mean = new float[0];
    private final double[] z;
    private final double[] zNext;
    private final double[] zBar;

    public PopulationForecaster(int context, int horizon) {
        this(context, horizon, 8, 12, 1500);
    }

    public PopulationForecaster(int context, int horizon, int rank, int iterations, int maxFrames) {
        this.context = context;
        this.horizon = horizon;
        this.rank = rank;
        this.iterations = iterations;
        this.maxFrames = maxFrames;
        this.z = new double[rank];
        this.zNext = new double[rank];
        this.zBar = new double[rank];
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
        // latent dynamics over consecutive frames inside a segment
        double[] zz = new double[k * k];
        double[] zn = new double[k * k];
        double[] cur = new double[k];
        double[] nxt = new double[k];
        for (ZapbenchProtocol.Range r : d.segments()) {
            if (r.length() < 2) {
                continue;
            }
            latent(x, r.from() * n, mu, q, n, k, cur);
            for (int f = r.from() + 1; f < r.to(); f++) {
                latent(x, f * n, mu, q, n, k, nxt);
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        zz[a * k + b] += cur[a] * cur[b];
                        zn[a * k + b] += cur[a] * nxt[b];
                    }
                }
                double[] tmp = cur;
                cur = nxt;
                nxt = tmp;
            }
        }
        double[] at = LinAlg.ridgeSolve(zz, zn, k, k, 1e-3 * LinAlg.meanDiagonal(zz, k) + 1e-12, -1); // Aᵀ
        float[] a = new float[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a[i * k + j] = (float) at[j * k + i];
            }
        }
        float[] muF = new float[n];
        float[] uF = new float[n * k];
        for (int i = 0; i < n; i++) {
            muF[i] = (float) mu[i];
        }
        for (int i = 0; i < n * k; i++) {
            uF[i] = (float) q[i];
        }
        models.put(d.firstNeuron(), new Model(n, muF, uF, a));
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
        if (acc.length < neurons) {
            acc = new double[neurons];
            mean = new float[neurons];
        }
        MeanForecaster.contextMean(frames, from, context, neurons, acc, mean);
        Model m = models.get(firstNeuron);
        if (m == null || m.neurons() != neurons) {
            for (int h = 0; h < horizon; h++) {
                System.arraycopy(mean, 0, out, h * neurons, neurons);
            }
            return;
        }
        int k = m.a().length == 0 ? 0 : (int) Math.round(Math.sqrt(m.a().length));
        float[] u = m.u();
        float[] mu = m.mu();
        float[] last = frames[from + context - 1];
        java.util.Arrays.fill(z, 0);
        java.util.Arrays.fill(zBar, 0);
        for (int i = 0; i < neurons; i++) {
            double dl = last[i] - mu[i];
            double dm = mean[i] - mu[i];
            for (int j = 0; j < k; j++) {
                z[j] += dl * u[i * k + j];
                zBar[j] += dm * u[i * k + j];
            }
        }
        float[] a = m.a();
        for (int h = 0; h < horizon; h++) {
            for (int r = 0; r < k; r++) {
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += a[r * k + c] * z[c];
                }
                zNext[r] = s;
            }
            System.arraycopy(zNext, 0, z, 0, k);
            int o = h * neurons;
            for (int i = 0; i < neurons; i++) {
                double v = mean[i];
                for (int j = 0; j < k; j++) {
                    v += u[i * k + j] * (z[j] - zBar[j]);
                }
                out[o + i] = (float) v;
            }
        }
    }
}
