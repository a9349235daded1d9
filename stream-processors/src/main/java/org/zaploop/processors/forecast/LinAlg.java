package org.zaploop.processors.forecast;

/** Small dense linear algebra for the fits (row-major double arrays). Reads and writes no topic or store. */
final class LinAlg {

    private LinAlg() {
    }

    /**
     * Solves {@code (A + λI) X = B} for symmetric positive semi-definite A (n × n) and B (n × m) by Cholesky;
     * only A's lower triangle is read. Returns X (n × m). λ is added to the diagonal, except at index
     * {@code unpenalised} (e.g. an intercept column; −1 for none).
     */
    static double[] ridgeSolve(double[] a, double[] b, int n, int m, double lambda, int unpenalised) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j] + (i == j && i != unpenalised ? lambda : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    l[i * n + i] = Math.sqrt(Math.max(s, 1e-12 * (1 + Math.abs(a[i * n + i]))));
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        // L Y = B, then Lᵀ X = Y, all m columns at once: each row of X is updated from whole earlier (later) rows,
        // contiguous in memory; per element the same subtractions in the same order as column by column
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                subtractRow(x, i, l[i * n + k], k, m);
            }
            divideRow(x, i, l[i * n + i], m);
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int k = i + 1; k < n; k++) {
                subtractRow(x, i, l[k * n + i], k, m);
            }
            divideRow(x, i, l[i * n + i], m);
        }
        return x;
    }

    /** Row i of x (m wide) −= f × row k. */
    private static void subtractRow(double[] x, int i, double f, int k, int m) {
        int xi = i * m;
        int xk = k * m;
        for (int c = 0; c < m; c++) {
            x[xi + c] -= f * x[xk + c];
        }
    }

    /** Row i of x (m wide) /= d. */
    private static void divideRow(double[] x, int i, double d, int m) {
        int xi = i * m;
        for (int c = 0; c < m; c++) {
            x[xi + c] /= d;
        }
    }

    /** Mean of the diagonal of an n × n matrix. */
    static double meanDiagonal(double[] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i * n + i];
        }
        return s / n;
    }

    /** Orthonormalises the k columns of q (n × k, row-major) in place (modified Gram–Schmidt). */
    static void orthonormalise(double[] q, int n, int k) {
        int attempts = 0;
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < j; p++) {
                double d = 0;
                for (int i = 0; i < n; i++) {
                    d += q[i * k + j] * q[i * k + p];
                }
                for (int i = 0; i < n; i++) {
                    q[i * k + j] -= d * q[i * k + p];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[i * k + j] * q[i * k + j];
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-12 && attempts < 3) {
                // degenerate direction (rank deficiency): retry from a fixed pseudo-random vector
                attempts++;
                for (int i = 0; i < n; i++) {
                    q[i * k + j] = Math.sin(1.7 * i + 3.1 * j + attempts);
                }
                j--;
                continue;
            }
            attempts = 0;
            if (norm < 1e-12) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                q[i * k + j] /= norm;
            }
        }
    }
}
