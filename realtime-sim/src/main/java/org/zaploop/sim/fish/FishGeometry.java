package org.zaploop.sim.fish;

/**
 * The imaged volume of a virtual fish: voxel grid, voxel size and timing.
 *
 * <p>{@link #full()} is ZAPBench's functional volume (2048 × 1328 × 72 voxels of 0.406 × 0.406 × 4 µm, one
 * volume every 0.9141 s, 71,721 neurons). {@link #small()} images the same brain with 4× coarser pixels and a
 * third of the planes, so that the whole loop runs in real time on two cores.
 *
 * @param width          voxels along x
 * @param height         voxels along y
 * @param depth          planes per volume (z)
 * @param voxelXyUm      voxel size in x and y, µm
 * @param voxelZUm       plane spacing, µm
 * @param volumePeriodS  time from one volume to the next, s
 * @param neurons        number of neurons in the brain
 */
public record FishGeometry(int width, int height, int depth, double voxelXyUm, double voxelZUm,
                           double volumePeriodS, int neurons) {

    public static final double ZAPBENCH_VOLUME_PERIOD_S = 0.9141;

    public FishGeometry {
        if (width < 8 || height < 8 || depth < 1) {
            throw new IllegalArgumentException("volume must be at least 8 × 8 × 1 voxels, got "
                    + width + " × " + height + " × " + depth);
        }
        if (!(voxelXyUm > 0) || !(voxelZUm > 0) || !(volumePeriodS > 0)) {
            throw new IllegalArgumentException("voxel sizes and volume period must be positive");
        }
        if (neurons < 1) {
            throw new IllegalArgumentException("a fish needs at least one neuron, got " + neurons);
        }
    }

    /** ZAPBench size. */
    public static FishGeometry full() {
        return new FishGeometry(2048, 1328, 72, 0.406, 4.0, ZAPBENCH_VOLUME_PERIOD_S, 71_721);
    }

    /** The demo's default: the same brain, 4× coarser in x and y, 24 planes, 10,000 neurons. */
    public static FishGeometry small() {
        return new FishGeometry(512, 332, 24, 1.624, 12.0, ZAPBENCH_VOLUME_PERIOD_S, 10_000);
    }

    /** {@code small} or {@code full}. */
    public static FishGeometry named(String scale) {
        return switch (scale) {
            case "small" -> small();
            case "full" -> full();
            default -> throw new IllegalArgumentException("scale must be 'small' or 'full', got '" + scale + "'");
        };
    }

    public FishGeometry withNeurons(int n) {
        return new FishGeometry(width, height, depth, voxelXyUm, voxelZUm, volumePeriodS, n);
    }

    /** Time between two planes: the planes of a volume are acquired one after another within the period. */
    public double planePeriodS() {
        return volumePeriodS / depth;
    }

    public int pixelsPerPlane() {
        return width * height;
    }
}
