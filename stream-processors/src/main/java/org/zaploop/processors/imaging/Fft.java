package org.zaploop.processors.imaging;

/**
 * In-place radix-2 complex FFT (iterative Cooley–Tukey) of a power-of-two length, and a 2-D transform over a
 * row-major nx × ny grid built from it. Twiddles and bit reversal are precomputed per length; transforms
 * allocate nothing. Reads and writes no topic or store; not thread-safe (shared column scratch).
 */
final class Fft {

    private final int nx;
    private final int ny;
    private final double[] cosX;
    private final double[] sinX;
    private final double[] cosY;
    private final double[] sinY;
    private final double[] colRe;
    private final double[] colIm;

    Fft(int nx, int ny) {
        if (Integer.bitCount(nx) != 1 || Integer.bitCount(ny) != 1) {
            throw new IllegalArgumentException("sizes must be powers of two, got " + nx + " × " + ny);
        }
        this.nx = nx;
        this.ny = ny;
        cosX = new double[nx / 2 + 1];
        sinX = new double[nx / 2 + 1];
        cosY = new double[ny / 2 + 1];
        sinY = new double[ny / 2 + 1];
        for (int k = 0; k < cosX.length; k++) {
            cosX[k] = Math.cos(2 * Math.PI * k / nx);
            sinX[k] = Math.sin(2 * Math.PI * k / nx);
        }
        for (int k = 0; k < cosY.length; k++) {
            cosY[k] = Math.cos(2 * Math.PI * k / ny);
            sinY[k] = Math.sin(2 * Math.PI * k / ny);
        }
        colRe = new double[ny];
        colIm = new double[ny];
    }

    static int nextPowerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** 2-D transform of re/im (nx × ny, x fastest); inverse = true computes the unnormalised inverse. */
    void transform2d(double[] re, double[] im, boolean inverse) {
        for (int y = 0; y < ny; y++) {
            transform(re, im, y * nx, 1, nx, cosX, sinX, inverse);
        }
        for (int x = 0; x < nx; x++) {
            for (int y = 0; y < ny; y++) {
                colRe[y] = re[x + y * nx];
                colIm[y] = im[x + y * nx];
            }
            transform(colRe, colIm, 0, 1, ny, cosY, sinY, inverse);
            for (int y = 0; y < ny; y++) {
                re[x + y * nx] = colRe[y];
                im[x + y * nx] = colIm[y];
            }
        }
    }

    /** X[k] = Σ_j x[j] · e^{∓2πi jk/n} over re/im[off + j·stride], in place (− forward, + inverse). */
    private static void transform(double[] re, double[] im, int off, int stride, int n, double[] cos, double[] sin,
                                  boolean inverse) {
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                int a = off + i * stride;
                int b = off + j * stride;
                double t = re[a];
                re[a] = re[b];
                re[b] = t;
                t = im[a];
                im[a] = im[b];
                im[b] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int a = off + (i + k) * stride;
                    int b = a + half * stride;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
