package org.zaploop.processors.imaging;

/**
 * The registered mean of the first volumes of a session, the anatomy nuclei are detected on: every plane is added
 * back in the reference frame (reference voxel (x, y) takes the plane's value at (x + dx, y + dy), read by the
 * same Lanczos-3 kernel as the traces ({@link SubVoxelKernel}, separably: along x, then along y;
 * {@link TraceExtractor}'s shift convention), and the mean is taken per voxel over the volumes whose plane covered
 * it. Bilinear interpolation blurred each volume by its own fractional shift, so the mean, and the footprint weights
 * taken from it, were softer than any one volume. Reads and writes no topic or store; not thread-safe.
 */
public final class ReferenceVolume {

    private final int width;
    private final int height;
    private final int depth;
    private final float[] sum;
    private final short[] count;
    private final float[] alongX; // scratch: the plane read at x + dx, row by row
    private int volumes;

    public ReferenceVolume(int width, int height, int depth) {
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.sum = new float[width * height * depth];
        this.count = new short[width * height * depth];
        this.alongX = new float[width * height];
    }

    /** Adds plane z (width × height uint16) of a volume that moved by (dx, dy); allocates nothing. */
    public void add(int z, short[] pixels, float dx, float dy) {
        if (pixels.length != width * height || z < 0 || z >= depth) {
            throw new IllegalArgumentException("plane z=" + z + " of " + pixels.length + " pixels does not fit "
                    + width + " × " + height + " × " + depth);
        }
        int ix = (int) Math.floor(dx);
        int iy = (int) Math.floor(dy);
        int rx = SubVoxelKernel.row(dx - ix);
        int ry = SubVoxelKernel.row(dy - iy);
        float[] k = SubVoxelKernel.TABLE;
        int taps = SubVoxelKernel.TAPS;
        // along x: alongX(x, y) = Σ_i k[i] · plane(x + ix − 2 + i, y), taps beyond the edge clamped to it
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int left = x + ix - SubVoxelKernel.BEFORE;
                float v = 0;
                if (left >= 0 && left + taps <= width) {
                    for (int i = 0; i < taps; i++) {
                        v += k[rx + i] * (pixels[row + left + i] & 0xFFFF);
                    }
                } else {
                    for (int i = 0; i < taps; i++) {
                        v += k[rx + i] * (pixels[row + Math.min(width - 1, Math.max(0, left + i))] & 0xFFFF);
                    }
                }
                alongX[row + x] = v;
            }
        }
        int base = z * width * height;
        // along y, per reference voxel whose moved position lies inside the plane: Σ_j k[j] · alongX(x, y + iy − 2 + j)
        for (int y = Math.max(0, -iy); y < Math.min(height, height - 1 - iy); y++) {
            int top = y + iy - SubVoxelKernel.BEFORE;
            for (int x = Math.max(0, -ix); x < Math.min(width, width - 1 - ix); x++) {
                float v = 0;
                for (int j = 0; j < taps; j++) {
                    v += k[ry + j] * alongX[Math.min(height - 1, Math.max(0, top + j)) * width + x];
                }
                sum[base + y * width + x] += v;
                count[base + y * width + x]++;
            }
        }
    }

    /** Counts one more whole volume (call after its planes). */
    public void volumeDone() {
        volumes++;
    }

    public int volumes() {
        return volumes;
    }

    /** The mean volume (x fastest, then y, then z); voxels never covered take the mean of all covered ones. */
    public float[] mean() {
        float[] m = new float[sum.length];
        double all = 0;
        long covered = 0;
        for (int i = 0; i < sum.length; i++) {
            if (count[i] > 0) {
                m[i] = sum[i] / count[i];
                all += m[i];
                covered++;
            }
        }
        float fill = covered == 0 ? 0f : (float) (all / covered);
        for (int i = 0; i < sum.length; i++) {
            if (count[i] == 0) {
                m[i] = fill;
            }
        }
        return m;
    }
}
