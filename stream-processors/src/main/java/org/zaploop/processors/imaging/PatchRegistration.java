package org.zaploop.processors.imaging;

import java.util.Arrays;

/**
 * Piecewise-rigid registration: corrects what a single rigid translation cannot, the brain's smooth elastic
 * deformation. The downsampled max-projections of {@link Registration} are cut into square patches of
 * {@code patch} pixels on a grid with half-patch spacing; each patch's translation against the same patch of the
 * reference is searched within ±{@code search} pixels around the volume's rigid shift by normalised
 * cross-correlation, refined to sub-pixel by a parabola through the peak and its neighbours, and the grid of
 * patch shifts is median-filtered (3 × 3) so a patch without texture cannot pull its neurons away. Then
 * {@code refinements} times: the projection is warped by the field so far ({@link ShiftField#warp}) and what is
 * left of each patch's shift is measured to sub-pixel precision ({@link PatchLucasKanade}), median-filtered the
 * same way and added. The passes remove what the correlation peaks leave: their lock onto whole downsampled pixels
 * and the damping of a deformation that varies across a patch. The result is a {@link ShiftField} in
 * full-resolution voxels. Reads and writes no topic or store; not thread-safe.
 */
public final class PatchRegistration {

    /** Correlation with its reference below which a patch is taken to show nothing it can be aligned by. */
    private static final double MIN_CORRELATION = 0.2;

    private final int w;
    private final int h;
    private final int f;
    private final int patch;
    private final int step;
    private final int search;
    private final int columns;
    private final int rows;
    private final int refinements;
    private final float[] reference;
    private final double[] ncc;
    private final float[] rawX;
    private final float[] rawY;
    private final float[] nine = new float[9];
    private final PatchLucasKanade lucasKanade;
    private final float[] warped;
    private final float[] stepX;
    private final float[] stepY;
    private int fallbacks;

    /**
     * @param reference the reference max-projection (w × h downsampled pixels, as {@link Registration} keeps it)
     * @param downsample the projections' downsampling factor
     * @param refinements warp-and-remeasure passes after the correlation search (0: the correlation peaks only)
     */
    public PatchRegistration(float[] reference, int w, int h, int downsample, int patch, int search,
                             int refinements) {
        if (refinements < 0) {
            throw new IllegalArgumentException("refinements must be ≥ 0, got " + refinements);
        }
        if (patch < 8 || search < 1 || w < patch || h < patch || reference.length != w * h) {
            throw new IllegalArgumentException("patches of " + patch + " pixels do not fit a " + w + " × " + h
                    + " projection");
        }
        this.w = w;
        this.h = h;
        this.f = downsample;
        this.patch = patch;
        this.step = patch / 2;
        this.search = search;
        this.columns = (w - patch) / step + 1;
        this.rows = (h - patch) / step + 1;
        this.reference = reference.clone();
        this.ncc = new double[(2 * search + 1) * (2 * search + 1)];
        this.rawX = new float[columns * rows];
        this.rawY = new float[columns * rows];
        this.refinements = refinements;
        this.lucasKanade = refinements > 0
                ? new PatchLucasKanade(this.reference, w, h, patch, step, columns, rows) : null;
        this.warped = refinements > 0 ? new float[w * h] : null;
        this.stepX = refinements > 0 ? new float[columns * rows] : null;
        this.stepY = refinements > 0 ? new float[columns * rows] : null;
    }

    /** Patches of the last volume without a clear correlation peak, which took the rigid shift instead. */
    public int fallbacks() {
        return fallbacks;
    }

    /** Patches per volume. */
    public int patches() {
        return columns * rows;
    }

    /** A field shaped for this registration (all zero). */
    public ShiftField newField() {
        return new ShiftField(columns, rows, (patch / 2f) * f, (patch / 2f) * f, step * f);
    }

    /**
     * Estimates every patch's shift of {@code projection} (w × h) around the rigid shift {@code rigidDx/Dy}
     * (full-resolution voxels) and writes the smoothed field into {@code field} (from {@link #newField}).
     */
    public void estimate(float[] projection, float rigidDx, float rigidDy, ShiftField field) {
        int gx = Math.round(rigidDx / f);
        int gy = Math.round(rigidDy / f);
        fallbacks = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int k = c + r * columns;
                if (!patchShift(projection, c * step, r * step, gx, gy, k)) {
                    fallbacks++;
                    rawX[k] = rigidDx;
                    rawY[k] = rigidDy;
                }
            }
        }
        median3x3(rawX, field.dx);
        median3x3(rawY, field.dy);
        for (int pass = 0; pass < refinements; pass++) {
            field.warp(projection, w, h, f, warped);
            lucasKanade.residuals(warped, MIN_CORRELATION, stepX, stepY);
            // the steps, not the field, are median-filtered: a median flattens the crests of a smooth field
            median3x3(stepX, rawX);
            median3x3(stepY, rawY);
            // per patch: the field plus its filtered residual, downsampled pixels → voxels
            for (int k = 0; k < rawX.length; k++) {
                field.dx[k] += rawX[k] * f;
                field.dy[k] += rawY[k] * f;
            }
        }
    }

    /** Shift of the patch at (x0, y0) into rawX/Y[k]; false when the correlation has no interior peak. */
    private boolean patchShift(float[] projection, int x0, int y0, int gx, int gy, int k) {
        double refMean = 0;
        for (int y = y0; y < y0 + patch; y++) {
            for (int x = x0; x < x0 + patch; x++) {
                refMean += reference[x + y * w];
            }
        }
        int n = patch * patch;
        refMean /= n;
        double refVar = 0;
        for (int y = y0; y < y0 + patch; y++) {
            for (int x = x0; x < x0 + patch; x++) {
                double d = reference[x + y * w] - refMean;
                refVar += d * d;
            }
        }
        if (!(refVar > 0)) {
            return false;
        }
        int side = 2 * search + 1;
        int best = -1;
        // per lag: normalised cross-correlation of the reference patch with the moved patch (edge pixels repeated)
        for (int ly = -search; ly <= search; ly++) {
            for (int lx = -search; lx <= search; lx++) {
                double sm = 0;
                double smm = 0;
                double smr = 0;
                for (int y = y0; y < y0 + patch; y++) {
                    int my = Math.max(0, Math.min(h - 1, y + gy + ly));
                    int rowR = y * w;
                    int rowM = my * w;
                    for (int x = x0; x < x0 + patch; x++) {
                        int mx = Math.max(0, Math.min(w - 1, x + gx + lx));
                        double m = projection[rowM + mx];
                        sm += m;
                        smm += m * m;
                        smr += m * (reference[rowR + x] - refMean);
                    }
                }
                double var = smm - sm * sm / n;
                int at = (lx + search) + (ly + search) * side;
                ncc[at] = var > 0 ? smr / Math.sqrt(var * refVar) : -1;
                if (best < 0 || ncc[at] > ncc[best]) {
                    best = at;
                }
            }
        }
        int bx = best % side;
        int by = best / side;
        if (bx == 0 || by == 0 || bx == side - 1 || by == side - 1 || ncc[best] < MIN_CORRELATION) {
            return false;
        }
        double px = bx - search + Registration.vertex(ncc[best - 1], ncc[best], ncc[best + 1]);
        double py = by - search + Registration.vertex(ncc[best - side], ncc[best], ncc[best + side]);
        rawX[k] = (float) ((gx + px) * f);
        rawY[k] = (float) ((gy + py) * f);
        return true;
    }

    /** dest = the median of each grid cell's 3 × 3 neighbourhood in src (cut at the grid's edge). */
    private void median3x3(float[] src, float[] dest) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int m = 0;
                for (int rr = Math.max(0, r - 1); rr <= Math.min(rows - 1, r + 1); rr++) {
                    for (int cc = Math.max(0, c - 1); cc <= Math.min(columns - 1, c + 1); cc++) {
                        nine[m++] = src[cc + rr * columns];
                    }
                }
                Arrays.sort(nine, 0, m);
                dest[c + r * columns] = (m & 1) == 1 ? nine[m / 2] : 0.5f * (nine[m / 2 - 1] + nine[m / 2]);
            }
        }
    }
}
