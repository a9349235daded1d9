package org.zaploop.processors.imaging;

/**
 * A piecewise-rigid motion estimate: the translation (voxels, {@link TraceExtractor}'s convention) measured at the
 * centres of a regular grid of patches, interpolated bilinearly in between and held constant beyond the outermost
 * centres. Mutable: {@link PatchRegistration} rewrites it in place every volume. Reads and writes no topic or
 * store; not thread-safe.
 */
public final class ShiftField {

    private final int columns;
    private final int rows;
    private final float originX;
    private final float originY;
    private final float spacing;
    final float[] dx;
    final float[] dy;

    /**
     * @param originX centre of patch (0, 0), voxels
     * @param spacing distance between neighbouring patch centres, voxels
     */
    public ShiftField(int columns, int rows, float originX, float originY, float spacing) {
        if (columns < 1 || rows < 1 || !(spacing > 0)) {
            throw new IllegalArgumentException("a shift field needs at least one patch and a positive spacing");
        }
        this.columns = columns;
        this.rows = rows;
        this.originX = originX;
        this.originY = originY;
        this.spacing = spacing;
        this.dx = new float[columns * rows];
        this.dy = new float[columns * rows];
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** Sets every patch to one rigid translation. */
    public void fill(float sx, float sy) {
        java.util.Arrays.fill(dx, sx);
        java.util.Arrays.fill(dy, sy);
    }

    /** The shift of patch (column, row). */
    public float patchDx(int column, int row) {
        return dx[column + row * columns];
    }

    public float patchDy(int column, int row) {
        return dy[column + row * columns];
    }

    /**
     * Undoes the field on a downsampled image: {@code dest(x, y) = src((x, y) + field / f)} for every pixel of the
     * {@code w × h} image {@code src} (f × f block means of the full-resolution plane, so pixel (x, y) is centred on
     * voxel (f·x + (f − 1) / 2, f·y + (f − 1) / 2)), bilinearly interpolated and clamped at the image's edge. Where
     * the field is right, dest lines up with the reference it was measured against. Allocates nothing.
     */
    public void warp(float[] src, int w, int h, int f, float[] dest) {
        if (src.length != w * h || dest.length != w * h || f < 1) {
            throw new IllegalArgumentException("warp needs two " + w + " × " + h + " images, got " + src.length
                    + " and " + dest.length + " pixels");
        }
        float half = (f - 1) / 2f;
        float maxX = w - 1.0001f;
        float maxY = h - 1.0001f;
        // per pixel: the field bilinearly between patch centres, then src bilinearly at the displaced position
        for (int y = 0; y < h; y++) {
            float gy = gridY(y * f + half);
            for (int x = 0; x < w; x++) {
                float gx = gridX(x * f + half);
                float u = interpolate(dx, gx, gy);
                float v = interpolate(dy, gx, gy);
                float sx = Math.max(0f, Math.min(maxX, x + u / f));
                float sy = Math.max(0f, Math.min(maxY, y + v / f));
                int ix = (int) sx;
                int iy = (int) sy;
                float ax = sx - ix;
                float ay = sy - iy;
                int o = ix + iy * w;
                dest[x + y * w] = (1 - ay) * ((1 - ax) * src[o] + ax * src[o + 1])
                        + ay * ((1 - ax) * src[o + w] + ax * src[o + w + 1]);
            }
        }
    }

    /**
     * Writes the field at every point (xs[i], ys[i]) (voxels) into outDx[i], outDy[i]; allocates nothing.
     */
    public void sample(float[] xs, float[] ys, float[] outDx, float[] outDy) {
        // per point: bilinear interpolation between the four surrounding patch centres (clamped to the grid)
        for (int i = 0; i < xs.length; i++) {
            float gx = gridX(xs[i]);
            float gy = gridY(ys[i]);
            outDx[i] = interpolate(dx, gx, gy);
            outDy[i] = interpolate(dy, gx, gy);
        }
    }

    /** Grid coordinate (in patch spacings, clamped to the grid) of voxel column x. */
    private float gridX(float x) {
        return Math.max(0f, Math.min(columns - 1f, (x - originX) / spacing));
    }

    /** Grid coordinate (in patch spacings, clamped to the grid) of voxel row y. */
    private float gridY(float y) {
        return Math.max(0f, Math.min(rows - 1f, (y - originY) / spacing));
    }

    /** One component of the field (dx or dy) at grid coordinates (gx, gy), bilinearly between patch centres. */
    private float interpolate(float[] component, float gx, float gy) {
        int c0 = Math.min((int) gx, Math.max(0, columns - 2));
        int r0 = Math.min((int) gy, Math.max(0, rows - 2));
        int c1 = Math.min(c0 + 1, columns - 1);
        int r1 = Math.min(r0 + 1, rows - 1);
        float fx = gx - c0;
        float fy = gy - r0;
        int a = c0 + r0 * columns;
        int b = c1 + r0 * columns;
        int c = c0 + r1 * columns;
        int d = c1 + r1 * columns;
        return (1 - fy) * ((1 - fx) * component[a] + fx * component[b])
                + fy * ((1 - fx) * component[c] + fx * component[d]);
    }
}
