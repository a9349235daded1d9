package org.zaploop.processors.imaging;

/**
 * The registered mean of the first volumes of a session, the anatomy nuclei are detected on: every plane is added
 * back in the reference frame (reference voxel (x, y) takes the plane's value at (x + dx, y + dy), bilinearly
 * interpolated, {@link TraceExtractor}'s shift convention), and the mean is taken per voxel over the volumes whose
 * plane covered it. Reads and writes no topic or store; not thread-safe.
 */
public final class ReferenceVolume {

    private final int width;
    private final int height;
    private final int depth;
    private final float[] sum;
    private final short[] count;
    private int volumes;

    public ReferenceVolume(int width, int height, int depth) {
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.sum = new float[width * height * depth];
        this.count = new short[width * height * depth];
    }

    /** Adds plane z (width × height uint16) of a volume that moved by (dx, dy); allocates nothing. */
    public void add(int z, short[] pixels, float dx, float dy) {
        if (pixels.length != width * height || z < 0 || z >= depth) {
            throw new IllegalArgumentException("plane z=" + z + " of " + pixels.length + " pixels does not fit "
                    + width + " × " + height + " × " + depth);
        }
        int ix = (int) Math.floor(dx);
        int iy = (int) Math.floor(dy);
        float fx = dx - ix;
        float fy = dy - iy;
        int base = z * width * height;
        // per reference voxel: the plane bilinearly interpolated at (x + dx, y + dy), where it lies inside the plane
        for (int y = Math.max(0, -iy); y < Math.min(height, height - 1 - iy); y++) {
            int row = (y + iy) * width;
            for (int x = Math.max(0, -ix); x < Math.min(width, width - 1 - ix); x++) {
                int p = row + x + ix;
                float top = (1 - fx) * (pixels[p] & 0xFFFF) + fx * (pixels[p + 1] & 0xFFFF);
                float bottom = (1 - fx) * (pixels[p + width] & 0xFFFF) + fx * (pixels[p + width + 1] & 0xFFFF);
                sum[base + y * width + x] += (1 - fy) * top + fy * bottom;
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
