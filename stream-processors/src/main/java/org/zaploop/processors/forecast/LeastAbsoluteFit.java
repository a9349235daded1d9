package org.zaploop.processors.forecast;

/**
 * Least-absolute-deviation regression over a few features, by iteratively reweighted least squares: minimises
 * Σ_r |y_r − Σ_j β_j f_rj| by solving weighted normal equations with weights 1 / max(|residual|, δ) until the
 * coefficients settle. ZAPBench scores forecasts by absolute error, and ΔF/F is skewed (quiet baseline, sparse
 * transients), so the least-squares map fits the conditional mean where the score wants the conditional median.
 * Reads and writes no topic or store.
 */
final class LeastAbsoluteFit {

    /** Residuals below this count as this (ΔF/F units), so an exact fit of one row cannot dominate the weights. */
    private static final double DELTA = 1e-5;

    private LeastAbsoluteFit() {
    }

    /**
     * β (k) minimising the absolute error of rows {@code f[r·k .. r·k+k)} against {@code y[r]} over r < m, starting
     * from {@code start}; a ridge of 10⁻⁹ × the mean diagonal keeps collinear features (e.g. a forecast that equals
     * the context mean) solvable without moving the fit.
     */
    static double[] fit(double[] f, double[] y, int m, int k, double[] start, int iterations) {
        double[] beta = start.clone();
        double[] a = new double[k * k];
        double[] b = new double[k];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(a, 0);
            java.util.Arrays.fill(b, 0);
            // a = Σ w_r f_r f_rᵀ (lower triangle), b = Σ w_r f_r y_r, with w_r = 1 / max(|y_r − β·f_r|, δ)
            for (int r = 0; r < m; r++) {
                int o = r * k;
                double p = 0;
                for (int j = 0; j < k; j++) {
                    p += beta[j] * f[o + j];
                }
                double w = 1.0 / Math.max(Math.abs(y[r] - p), DELTA);
                for (int i = 0; i < k; i++) {
                    double wf = w * f[o + i];
                    for (int j = 0; j <= i; j++) {
                        a[i * k + j] += wf * f[o + j];
                    }
                    b[i] += wf * y[r];
                }
            }
            double[] next = LinAlg.ridgeSolve(a, b, k, 1, 1e-9 * LinAlg.meanDiagonal(a, k), -1);
            double change = 0;
            for (int j = 0; j < k; j++) {
                change = Math.max(change, Math.abs(next[j] - beta[j]) / (1e-3 + Math.abs(next[j])));
            }
            beta = next;
            if (change < 1e-4) {
                break; // settled: further reweighting moves no coefficient by a hundredth of a percent
            }
        }
        return beta;
    }

    /** Mean |y_r − β·f_r| over r < m (NaN for m = 0). */
    static double meanAbsoluteError(double[] f, double[] y, int m, int k, double[] beta) {
        double s = 0;
        for (int r = 0; r < m; r++) {
            double p = 0;
            for (int j = 0; j < k; j++) {
                p += beta[j] * f[r * k + j];
            }
            s += Math.abs(y[r] - p);
        }
        return m == 0 ? Double.NaN : s / m;
    }
}
