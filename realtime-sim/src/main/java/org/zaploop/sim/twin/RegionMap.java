package org.zaploop.sim.twin;

import java.util.List;
import org.zaploop.sim.networks.BrainRegion;
import org.zaploop.sim.networks.ZebrafishNetwork;

/**
 * Which brain region each measured neuron lies in, and which twin neuron stands for it.
 *
 * <p>A measured neuron's centroid (voxels of the imaged volume) is placed in the ZAPBench volume (the imaged volume
 * spans it, at any voxel size) and given to the region whose ellipsoid it is deepest inside (smallest normalised
 * distance, so points between regions go to the nearest). The twin has as many neurons as the table, laid out by
 * region as {@link ZebrafishNetwork} lays them out; the k-th measured neuron of a region is twin neuron k of that
 * region (wrapping when a region got more measured neurons than twin neurons), so the map is one-to-one wherever
 * the counts agree. Reads and writes no topic.
 */
public final class RegionMap {

    private final int[] regionOfMeasured;
    private final int[] measuredPerRegion;
    private final List<String> regionNames;

    private RegionMap(int[] regionOfMeasured, List<String> regionNames) {
        this.regionOfMeasured = regionOfMeasured;
        this.regionNames = regionNames;
        this.measuredPerRegion = new int[regionNames.size()];
        for (int r : regionOfMeasured) {
            measuredPerRegion[r]++;
        }
    }

    /**
     * @param cx centroid x of each measured neuron, voxels (0 .. width)
     * @param width volume width in voxels (likewise height, depth)
     */
    public static RegionMap fromCentroids(float[] cx, float[] cy, float[] cz, int width, int height, int depth) {
        if (cx.length != cy.length || cx.length != cz.length) {
            throw new IllegalArgumentException("centroid arrays differ in length: " + cx.length + ", " + cy.length
                    + ", " + cz.length);
        }
        if (cx.length == 0) {
            throw new IllegalArgumentException("the neuron table is empty: nothing to map the twin onto");
        }
        double sx = ZebrafishNetwork.VOLUME_X_UM / width;
        double sy = ZebrafishNetwork.VOLUME_Y_UM / height;
        double sz = ZebrafishNetwork.VOLUME_Z_UM / depth;
        float[] um = new float[3 * cx.length];
        for (int i = 0; i < cx.length; i++) {
            um[3 * i] = (float) ((cx[i] + 0.5) * sx);
            um[3 * i + 1] = (float) ((cy[i] + 0.5) * sy);
            um[3 * i + 2] = (float) ((cz[i] + 0.5) * sz);
        }
        return fromPositionsUm(um);
    }

    /** @param xyzUm neuron positions in the ZAPBench volume, µm, interleaved x, y, z */
    public static RegionMap fromPositionsUm(float[] xyzUm) {
        if (xyzUm.length == 0 || xyzUm.length % 3 != 0) {
            throw new IllegalArgumentException("positions must be a non-empty list of x, y, z, got " + xyzUm.length
                    + " values");
        }
        List<BrainRegion> regions = ZebrafishNetwork.regions();
        int[] region = new int[xyzUm.length / 3];
        for (int i = 0; i < region.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            // region whose ellipsoid the point is deepest in: smallest normalised squared distance
            for (int r = 0; r < regions.size(); r++) {
                BrainRegion b = regions.get(r);
                double dx = (xyzUm[3 * i] - b.cxUm()) / b.rxUm();
                double dy = (xyzUm[3 * i + 1] - b.cyUm()) / b.ryUm();
                double dz = (xyzUm[3 * i + 2] - b.czUm()) / b.rzUm();
                double d = dx * dx + dy * dy + dz * dz;
                if (d < best) {
                    best = d;
                    region[i] = r;
                }
            }
        }
        return new RegionMap(region, regions.stream().map(BrainRegion::name).toList());
    }

    /** The map of a subset of the measured neurons ({@code neurons}: table indices, in the new order). */
    public RegionMap select(int[] neurons) {
        int[] region = new int[neurons.length];
        for (int k = 0; k < neurons.length; k++) {
            region[k] = regionOfMeasured[neurons[k]];
        }
        return new RegionMap(region, regionNames);
    }

    /** Measured neurons. */
    public int measured() {
        return regionOfMeasured.length;
    }

    public List<String> regionNames() {
        return regionNames;
    }

    /** Region index of measured neuron {@code m}. */
    public int regionOf(int m) {
        return regionOfMeasured[m];
    }

    public int measuredIn(int region) {
        return measuredPerRegion[region];
    }

    /**
     * The twin neuron of each measured neuron, given where each region's neurons lie in the twin (new array).
     *
     * @param twinRegionOf region index of every twin neuron (regions contiguous or not, in any order)
     */
    public int[] twinNeurons(int[] twinRegionOf) {
        int regions = regionNames.size();
        int[] count = new int[regions];
        for (int r : twinRegionOf) {
            count[r]++;
        }
        int[][] members = new int[regions][];
        for (int r = 0; r < regions; r++) {
            members[r] = new int[count[r]];
        }
        int[] fill = new int[regions];
        for (int i = 0; i < twinRegionOf.length; i++) {
            int r = twinRegionOf[i];
            members[r][fill[r]++] = i;
        }
        int[] next = new int[regions];
        int[] out = new int[regionOfMeasured.length];
        for (int m = 0; m < out.length; m++) {
            int r = regionOfMeasured[m];
            if (members[r].length == 0) {
                throw new IllegalArgumentException("the twin has no neuron in region '" + regionNames.get(r) + "'");
            }
            out[m] = members[r][next[r]++ % members[r].length];
        }
        return out;
    }
}
