package org.zaploop.processors.imaging;

/**
 * Raw fluorescence of every neuron from one z-plane at a time: the (weighted) sum of the plane's pixels over the
 * footprint voxels that lie in that plane, sampled at the position the rigid shift moved them to.
 *
 * <p>Shift convention (as {@link Registration} reports it): the volume content moved by (dx, dy, dz) voxels
 * relative to the reference, so reference voxel (x, y, z) is found at (x + dx, y + dy, z + dz). x and y may be
 * fractional ({@link SubVoxelKernel}: Lanczos-3, which unlike bilinear interpolation does not blur more at some
 * fractional shifts than at others); dz is whole planes. A voxel whose moved position falls outside the plane
 * is skipped, so its neuron's mean is over the voxels that were seen.
 *
 * <p>Built once per neuron-table version: the footprints are regrouped by plane into flat parallel arrays
 * (neuron, x, y, weight), so the per-plane loop is a run over primitive arrays that allocates nothing. Reads and
 * writes no topic or store; immutable after construction, so one instance may be shared by threads that each
 * own their sum arrays.
 */
public final class TraceExtractor {

    private final NeuronFootprints table;
    private final int width;
    private final int height;
    private final int depth;
    private final int[] planeStart;
    private final int[] neuron;
    private final int[] xs;
    private final int[] ys;
    private final float[] weight;
    private final float[] centroidX;
    private final float[] centroidY;

    public TraceExtractor(NeuronFootprints table) {
        this.table = table;
        this.width = table.width();
        this.height = table.height();
        this.depth = table.depth();
        int[] vox = table.voxels();
        int plane = width * height;
        planeStart = new int[depth + 1];
        for (int v : vox) {
            planeStart[v / plane + 1]++;
        }
        for (int z = 0; z < depth; z++) {
            planeStart[z + 1] += planeStart[z];
        }
        int[] fill = planeStart.clone();
        neuron = new int[vox.length];
        xs = new int[vox.length];
        ys = new int[vox.length];
        weight = new float[vox.length];
        int[] start = table.start();
        float[] w = table.weights();
        centroidX = new float[table.neurons()];
        centroidY = new float[table.neurons()];
        for (int i = 0; i < table.neurons(); i++) {
            double cx = 0;
            double cy = 0;
            for (int k = start[i]; k < start[i + 1]; k++) {
                int v = vox[k];
                int z = v / plane;
                int r = v - z * plane;
                int at = fill[z]++;
                neuron[at] = i;
                xs[at] = r % width;
                ys[at] = r / width;
                weight[at] = w == null ? 1f : w[k];
                cx += xs[at];
                cy += ys[at];
            }
            int m = Math.max(1, start[i + 1] - start[i]);
            centroidX[i] = (float) (cx / m);
            centroidY[i] = (float) (cy / m);
        }
    }

    /** Each neuron's footprint centre in x (voxels, unweighted mean; 0 for an empty footprint); do not modify. */
    public float[] centroidX() {
        return centroidX;
    }

    /** Each neuron's footprint centre in y (voxels); do not modify. */
    public float[] centroidY() {
        return centroidY;
    }

    public NeuronFootprints table() {
        return table;
    }

    public int neurons() {
        return table.neurons();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int depth() {
        return depth;
    }

    /** Footprint voxels of reference plane z. */
    public int voxelsInPlane(int z) {
        return planeStart[z + 1] - planeStart[z];
    }

    /**
     * Adds moved plane {@code z} ({@code pixels}: width × height uint16, x fastest) to the per-neuron
     * {@code sum[neurons]} (Σ w·F) and {@code wsum[neurons]} (Σ w) for a volume shifted by (dx, dy, dz).
     * Allocates nothing.
     */
    public void accumulate(int z, short[] pixels, float dx, float dy, int dz, double[] sum, double[] wsum) {
        checkPlane(pixels);
        int zr = z - dz;
        if (zr < 0 || zr >= depth) {
            return;
        }
        int from = planeStart[zr];
        int to = planeStart[zr + 1];
        int ix = (int) Math.floor(dx);
        int iy = (int) Math.floor(dy);
        float fx = dx - ix;
        float fy = dy - iy;
        if (fx == 0f && fy == 0f) {
            // whole-voxel shift: Σ w·F over footprint voxels at (x + dx, y + dy)
            for (int k = from; k < to; k++) {
                int x = xs[k] + ix;
                int y = ys[k] + iy;
                if (x < 0 || y < 0 || x >= width || y >= height) {
                    continue;
                }
                int n = neuron[k];
                sum[n] += weight[k] * (pixels[x + y * width] & 0xFFFF);
                wsum[n] += weight[k];
            }
            return;
        }
        int rx = SubVoxelKernel.row(fx);
        int ry = SubVoxelKernel.row(fy);
        // sub-voxel shift: Σ w·F over footprint voxels, F read at (x + dx, y + dy) by the Lanczos-3 kernel
        for (int k = from; k < to; k++) {
            int x = xs[k] + ix;
            int y = ys[k] + iy;
            if (x < 0 || y < 0 || x >= width || y >= height) {
                continue;
            }
            int n = neuron[k];
            sum[n] += weight[k] * SubVoxelKernel.sample(pixels, width, height, x, y, rx, ry);
            wsum[n] += weight[k];
        }
    }

    /**
     * As {@link #accumulate(int, short[], float, float, int, double[], double[])}, each neuron moved by its own
     * shift ({@code ndx[n]}, {@code ndy[n]}, e.g. sampled from a {@link ShiftField}). Allocates nothing.
     */
    public void accumulate(int z, short[] pixels, float[] ndx, float[] ndy, int dz, double[] sum, double[] wsum) {
        checkPlane(pixels);
        int zr = z - dz;
        if (zr < 0 || zr >= depth) {
            return;
        }
        // per footprint voxel: F read at (x + dx_n, y + dy_n) by the Lanczos-3 kernel, Σ w·F and Σ w per neuron n
        for (int k = planeStart[zr], to = planeStart[zr + 1]; k < to; k++) {
            int n = neuron[k];
            float px = xs[k] + ndx[n];
            float py = ys[k] + ndy[n];
            int x = (int) Math.floor(px);
            int y = (int) Math.floor(py);
            if (x < 0 || y < 0 || x >= width || y >= height) {
                continue;
            }
            sum[n] += weight[k] * SubVoxelKernel.sample(pixels, width, height, x, y, SubVoxelKernel.row(px - x),
                    SubVoxelKernel.row(py - y));
            wsum[n] += weight[k];
        }
    }

    private void checkPlane(short[] pixels) {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("plane has " + pixels.length + " pixels, expected " + width + " × "
                    + height);
        }
    }
}
