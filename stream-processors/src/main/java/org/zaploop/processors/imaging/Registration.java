package org.zaploop.processors.imaging;

import java.util.Arrays;

/**
 * Online rigid registration in x and y: the reference is the mean of the first {@code referenceVolumes} volumes;
 * every later volume's translation against it is found by phase correlation of z-max-projections downsampled by
 * {@code downsample} (block means), computed with a radix-2 FFT ({@link Fft}) on a zero-padded, mean-subtracted
 * copy, the peak searched within ±{@code maxShift} voxels and refined to sub-voxel precision by a parabola through
 * the peak and its neighbours in x and in y. {@code whitening} is the exponent of the cross-power normalisation
 * (1 = classic phase correlation, 0 = plain cross-correlation). z shifts are not estimated (dz = 0).
 *
 * <p>Streaming use: {@link #addPlane} for each plane of a volume as it arrives (folds it into the volume's
 * downsampled max-projection, O(pixels), no allocation), then {@link #finishVolume} once per volume. The shift
 * follows {@link TraceExtractor}'s convention: content moved by (dx, dy). Reads and writes no topic or store;
 * not thread-safe.
 */
public final class Registration {

    /** A translation in voxels; {@code peak} is the correlation peak height (0 while building the reference). */
    public record Shift(float dx, float dy, int dz, float peak) {
        public static final Shift NONE = new Shift(0, 0, 0, 0);
    }

    private final int width;
    private final int height;
    private final int f;
    private final int w;
    private final int h;
    private final int nx;
    private final int ny;
    private final int referenceVolumes;
    private final int maxShiftDs;
    private final double whitening;
    private final Fft fft;
    private final float[] projection;
    private final float[] rowScratch;
    private final double[] referenceSum;
    private final double[] refRe;
    private final double[] refIm;
    private final double[] re;
    private final double[] im;
    private int referenceCount;
    private boolean planesSeen;

    public Registration(int width, int height, int downsample, int referenceVolumes, float maxShift,
                        double whitening) {
        if (downsample < 1 || width / downsample < 4 || height / downsample < 4 || referenceVolumes < 1
                || !(maxShift >= 0) || !(whitening >= 0 && whitening <= 1)) {
            throw new IllegalArgumentException("bad registration parameters");
        }
        this.width = width;
        this.height = height;
        this.f = downsample;
        this.w = width / downsample;
        this.h = height / downsample;
        this.nx = Fft.nextPowerOfTwo(w);
        this.ny = Fft.nextPowerOfTwo(h);
        this.referenceVolumes = referenceVolumes;
        this.maxShiftDs = Math.max(1, Math.min(Math.min(nx, ny) / 2 - 2, (int) Math.ceil(maxShift / downsample)));
        this.whitening = whitening;
        this.fft = new Fft(nx, ny);
        this.projection = new float[w * h];
        this.rowScratch = new float[w];
        this.referenceSum = new double[w * h];
        this.refRe = new double[nx * ny];
        this.refIm = new double[nx * ny];
        this.re = new double[nx * ny];
        this.im = new double[nx * ny];
    }

    /** Defaults: 2× downsampling, reference of 5 volumes, shifts up to ±32 voxels, phase correlation. */
    public static Registration defaults(int width, int height) {
        return new Registration(width, height, 2, 5, 32, 1.0);
    }

    public int downsample() {
        return f;
    }

    /** Width of the downsampled projections. */
    public int projectionWidth() {
        return w;
    }

    /** Height of the downsampled projections. */
    public int projectionHeight() {
        return h;
    }

    /** The reference max-projection (mean of the reference volumes, w × h), a copy; null until complete. */
    public float[] referenceProjection() {
        if (!hasReference()) {
            return null;
        }
        float[] r = new float[w * h];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (referenceSum[i] / referenceCount);
        }
        return r;
    }

    public boolean hasReference() {
        return referenceCount >= referenceVolumes;
    }

    /** Volumes added to the reference so far (at most {@code referenceVolumes}). */
    public int referenceCount() {
        return referenceCount;
    }

    /** The running sum of the reference volumes' projections (w × h), a copy: with the count, all a restart needs. */
    public double[] referenceSum() {
        return referenceSum.clone();
    }

    /**
     * Continues from a saved {@link #referenceSum()} and {@link #referenceCount()} (after a restart): the same
     * reference, bit for bit, as if the volumes had been added here.
     */
    public void restoreReference(double[] sum, int count) {
        if (sum.length != referenceSum.length || count < 0 || count > referenceVolumes) {
            throw new IllegalArgumentException("saved reference of " + sum.length + " pixels and " + count
                    + " volumes does not fit this registration");
        }
        System.arraycopy(sum, 0, referenceSum, 0, sum.length);
        referenceCount = count;
        if (hasReference()) {
            load(referenceSum, refRe, refIm);
            fft.transform2d(refRe, refIm, false);
        }
    }

    /** Folds plane {@code pixels} (width × height uint16) into the current volume's downsampled max-projection. */
    public void addPlane(short[] pixels) {
        if (!planesSeen) {
            Arrays.fill(projection, Float.NEGATIVE_INFINITY);
            planesSeen = true;
        }
        addPlane(projection, pixels);
    }

    /**
     * A fresh, empty projection buffer, for callers that fold several volumes at once (planes of different
     * volumes interleaved); allocates.
     */
    public float[] newProjection() {
        float[] p = new float[w * h];
        Arrays.fill(p, Float.NEGATIVE_INFINITY);
        return p;
    }

    /** Empties a projection buffer for reuse. */
    public void clearProjection(float[] p) {
        Arrays.fill(p, Float.NEGATIVE_INFINITY);
    }

    /** Folds plane {@code pixels} into the caller's {@code projection} (from {@link #newProjection}). */
    public void addPlane(float[] projection, short[] pixels) {
        if (pixels.length != width * height || projection.length != w * h) {
            throw new IllegalArgumentException("plane has " + pixels.length + " pixels, expected " + width * height);
        }
        if (f == 2) {
            addPlane2(projection, pixels);
            return;
        }
        float norm = 1f / (f * f);
        // per downsampled pixel: max over planes of the f × f block mean (rows summed into the block row first)
        float[] rows = rowScratch;
        for (int by = 0; by < h; by++) {
            Arrays.fill(rows, 0f);
            for (int yy = 0; yy < f; yy++) {
                int row = (by * f + yy) * width;
                for (int bx = 0, x = row; bx < w; bx++) {
                    int sum = 0;
                    for (int e = x + f; x < e; x++) {
                        sum += pixels[x] & 0xFFFF;
                    }
                    rows[bx] += sum;
                }
            }
            int o = by * w;
            for (int bx = 0; bx < w; bx++) {
                float m = rows[bx] * norm;
                if (m > projection[o + bx]) {
                    projection[o + bx] = m;
                }
            }
        }
    }

    /** {@link #addPlane(float[], short[])} for the default 2× downsampling, without the general case's inner loops. */
    private void addPlane2(float[] projection, short[] pixels) {
        // per downsampled pixel: max over planes of the 2 × 2 block mean (the same float as the general case: the
        // integer sum is exact)
        for (int by = 0; by < h; by++) {
            int r0 = 2 * by * width;
            int r1 = r0 + width;
            int o = by * w;
            for (int bx = 0; bx < w; bx++) {
                int x = 2 * bx;
                float m = ((pixels[r0 + x] & 0xFFFF) + (pixels[r0 + x + 1] & 0xFFFF) + (pixels[r1 + x] & 0xFFFF)
                        + (pixels[r1 + x + 1] & 0xFFFF)) * 0.25f;
                if (m > projection[o + bx]) {
                    projection[o + bx] = m;
                }
            }
        }
    }

    /**
     * Ends the current volume: while the reference is being built, adds the volume to it and returns
     * {@link Shift#NONE}; afterwards returns the volume's shift against the reference.
     */
    public Shift finishVolume() {
        if (!planesSeen) {
            throw new IllegalStateException("no plane added to this volume");
        }
        planesSeen = false;
        return finishVolume(projection);
    }

    /** As {@link #finishVolume()}, for a volume folded into the caller's {@code projection}. */
    public Shift finishVolume(float[] projection) {
        if (!hasReference()) {
            for (int i = 0; i < projection.length; i++) {
                referenceSum[i] += projection[i];
            }
            if (++referenceCount == referenceVolumes) {
                load(referenceSum, refRe, refIm);
                fft.transform2d(refRe, refIm, false);
            }
            return Shift.NONE;
        }
        load(projection, re, im);
        fft.transform2d(re, im, false);
        // cross-power spectrum M · conj(R), normalised by |·|^whitening
        for (int k = 0; k < re.length; k++) {
            double a = re[k] * refRe[k] + im[k] * refIm[k];
            double b = im[k] * refRe[k] - re[k] * refIm[k];
            double p2 = a * a + b * b + 1e-24;
            double mag = whitening == 0 ? 1 : whitening == 1 ? Math.sqrt(p2) : Math.pow(p2, whitening / 2);
            re[k] = a / mag;
            im[k] = b / mag;
        }
        fft.transform2d(re, im, true);
        int bx = 0;
        int by = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int sy = -maxShiftDs; sy <= maxShiftDs; sy++) {
            for (int sx = -maxShiftDs; sx <= maxShiftDs; sx++) {
                double c = at(sx, sy);
                if (c > best) {
                    best = c;
                    bx = sx;
                    by = sy;
                }
            }
        }
        double px = bx + vertex(at(bx - 1, by), best, at(bx + 1, by));
        double py = by + vertex(at(bx, by - 1), best, at(bx, by + 1));
        return new Shift((float) (px * f), (float) (py * f), 0, (float) (best / (nx * ny)));
    }

    /** The correlation surface at signed lag (sx, sy), wrapped. */
    private double at(int sx, int sy) {
        return re[Math.floorMod(sx, nx) + Math.floorMod(sy, ny) * nx];
    }

    /** Offset of the vertex of the parabola through (−1, a), (0, b), (1, c), within ±0.5. */
    static double vertex(double a, double b, double c) {
        double d = a - 2 * b + c;
        if (d >= 0) {
            return 0;
        }
        return Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / d));
    }

    /** Copies the reference sum mean-subtracted and zero-padded into dRe, clears dIm. */
    private void load(double[] source, double[] dRe, double[] dIm) {
        double mean = 0;
        for (int i = 0; i < w * h; i++) {
            mean += source[i];
        }
        mean /= w * h;
        Arrays.fill(dRe, 0);
        Arrays.fill(dIm, 0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dRe[x + y * nx] = source[x + y * w] - mean;
            }
        }
    }

    /** Copies a projection mean-subtracted and zero-padded into dRe, clears dIm. */
    private void load(float[] source, double[] dRe, double[] dIm) {
        double mean = 0;
        for (int i = 0; i < w * h; i++) {
            mean += source[i];
        }
        mean /= w * h;
        Arrays.fill(dRe, 0);
        Arrays.fill(dIm, 0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dRe[x + y * nx] = source[x + y * w] - mean;
            }
        }
    }
}
