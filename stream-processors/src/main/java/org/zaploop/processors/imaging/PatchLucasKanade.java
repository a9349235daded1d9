package org.zaploop.processors.imaging;

/**
 * Sub-pixel residual shift of every patch of an image that has already been warped close onto its reference: one
 * Lucas–Kanade step per patch, linearising the reference around the current estimate. What correlation peaks
 * cannot give: they lock onto whole pixels (the parabola through three samples is biased towards the nearest
 * one) and a patch's single shift is the mean of a field that varies across it, so a smooth deformation comes
 * out damped. Warping by the field found so far and measuring what is left removes both, pass by pass.
 *
 * <p>The reference's gradients and each patch's 2 × 2 normal matrix depend on the reference only and are computed
 * once (the inverse-compositional form). Brightness may differ between the image and the reference (neurons fire,
 * the sample bleaches): each patch is compared mean-free, the image scaled by its least-squares gain onto the
 * reference. Reads and writes no topic or store; not thread-safe.
 */
final class PatchLucasKanade {

    /** Largest residual one step reports, pixels: beyond it the linearisation means nothing. */
    private static final double MAX_STEP = 1.0;

    private final int w;
    private final int patch;
    private final int step;
    private final int columns;
    private final int rows;
    private final float[] reference;
    private final float[] gradX;
    private final float[] gradY;
    private final double[] meanGx;
    private final double[] meanGy;
    private final double[] hxx;
    private final double[] hxy;
    private final double[] hyy;
    private final double[] det;
    /** Per patch: Σ R, Σ (R − mean R)², and Σ g_x (R − mean R), Σ g_y (R − mean R) with g mean-free. */
    private final double[] sumR;
    private final double[] varR;
    private final double[] gxR;
    private final double[] gyR;

    /** Patches of side {@code patch} at (column · step, row · step) of the w × h {@code reference}. */
    PatchLucasKanade(float[] reference, int w, int h, int patch, int step, int columns, int rows) {
        this.w = w;
        this.patch = patch;
        this.step = step;
        this.columns = columns;
        this.rows = rows;
        this.reference = reference;
        this.gradX = new float[w * h];
        this.gradY = new float[w * h];
        // per pixel: central differences of the reference (one-sided at the edges)
        for (int y = 0; y < h; y++) {
            int up = Math.max(0, y - 1) * w;
            int down = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) {
                int i = x + y * w;
                gradX[i] = 0.5f * (reference[y * w + Math.min(w - 1, x + 1)] - reference[y * w + Math.max(0, x - 1)]);
                gradY[i] = 0.5f * (reference[down + x] - reference[up + x]);
            }
        }
        int n = columns * rows;
        meanGx = new double[n];
        meanGy = new double[n];
        hxx = new double[n];
        hxy = new double[n];
        hyy = new double[n];
        det = new double[n];
        sumR = new double[n];
        varR = new double[n];
        gxR = new double[n];
        gyR = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                normalMatrix(c, r);
            }
        }
    }

    /** Mean gradient and the normal matrix Σ g gᵀ of the mean-free gradients g of patch (c, r). */
    private void normalMatrix(int c, int r) {
        int k = c + r * columns;
        int x0 = c * step;
        int y0 = r * step;
        double sx = 0;
        double sy = 0;
        // per patch pixel: sums of the gradients
        for (int y = y0; y < y0 + patch; y++) {
            for (int i = x0 + y * w, e = i + patch; i < e; i++) {
                sx += gradX[i];
                sy += gradY[i];
            }
        }
        double mx = sx / (patch * patch);
        double my = sy / (patch * patch);
        double sr = 0;
        // per patch pixel: sum of the reference
        for (int y = y0; y < y0 + patch; y++) {
            for (int i = x0 + y * w, e = i + patch; i < e; i++) {
                sr += reference[i];
            }
        }
        double mr = sr / (patch * patch);
        double a = 0;
        double b = 0;
        double d = 0;
        double rr = 0;
        double ur = 0;
        double vr = 0;
        // per patch pixel: the outer product of the mean-free gradient, the reference's variance and its projections
        for (int y = y0; y < y0 + patch; y++) {
            for (int i = x0 + y * w, e = i + patch; i < e; i++) {
                double u = gradX[i] - mx;
                double v = gradY[i] - my;
                double q = reference[i] - mr;
                a += u * u;
                b += u * v;
                d += v * v;
                rr += q * q;
                ur += u * q;
                vr += v * q;
            }
        }
        sumR[k] = sr;
        varR[k] = rr;
        gxR[k] = ur;
        gyR[k] = vr;
        meanGx[k] = mx;
        meanGy[k] = my;
        hxx[k] = a;
        hxy[k] = b;
        hyy[k] = d;
        det[k] = a * d - b * b;
    }

    /**
     * Each patch's residual shift (pixels, the field's convention: add it to the shift already applied) of
     * {@code warped} against the reference into {@code outX[k]}, {@code outY[k]}; 0 for a patch without texture
     * in both directions or that does not resemble its reference (correlation under {@code minCorrelation}).
     */
    void residuals(float[] warped, double minCorrelation, float[] outX, float[] outY) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                residual(warped, c, r, minCorrelation, outX, outY);
            }
        }
    }

    private void residual(float[] warped, int c, int r, double minCorrelation, float[] outX, float[] outY) {
        int k = c + r * columns;
        outX[k] = 0;
        outY[k] = 0;
        double trace = hxx[k] + hyy[k];
        if (!(det[k] > 1e-6 * trace * trace)) {
            return;
        }
        int x0 = c * step;
        int y0 = r * step;
        int n = patch * patch;
        double sw = 0;
        double sww = 0;
        double swr = 0;
        double sgx = 0;
        double sgy = 0;
        // per patch pixel, in one pass: Σ W, Σ W², Σ W·R and the image's projections on the reference gradient
        for (int y = y0; y < y0 + patch; y++) {
            for (int i = x0 + y * w, e = i + patch; i < e; i++) {
                double m = warped[i];
                sw += m;
                sww += m * m;
                swr += m * reference[i];
                sgx += m * gradX[i];
                sgy += m * gradY[i];
            }
        }
        // the same sums mean-free: Σ (W − W̄)², Σ (W − W̄)(R − R̄), Σ (g − ḡ)(W − W̄) = Σ g W − ḡ Σ W
        sww -= sw * sw / n;
        swr -= sw * sumR[k] / n;
        double srr = varR[k];
        double bwx = sgx - meanGx[k] * sw;
        double bwy = sgy - meanGy[k] * sw;
        double brx = gxR[k];
        double bry = gyR[k];
        if (!(sww > 0) || !(srr > 0) || swr / Math.sqrt(sww * srr) < minCorrelation) {
            return;
        }
        // error e = gain · image − reference; warped(x) ≈ reference(x − δ) gives e ≈ −∇R · δ, so δ = −H⁻¹ Σ ∇R e
        double gain = swr / sww;
        double bx = gain * bwx - brx;
        double by = gain * bwy - bry;
        double dx = -(hyy[k] * bx - hxy[k] * by) / det[k];
        double dy = -(hxx[k] * by - hxy[k] * bx) / det[k];
        outX[k] = (float) Math.max(-MAX_STEP, Math.min(MAX_STEP, dx));
        outY[k] = (float) Math.max(-MAX_STEP, Math.min(MAX_STEP, dy));
    }
}
