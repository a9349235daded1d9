package org.zaploop.protocol.records;

import java.util.Arrays;

import org.zaploop.protocol.Names;

/**
 * One block of a version of the segmentation's neuron table: ids, centroids and voxel footprints of neurons
 * {@code firstNeuron .. firstNeuron + neuronCount() - 1}. Travels on the compacted {@code zl.segmentation},
 * key {@code session/block} (e.g. {@code fish-01/0003}), binary format ZLNT; the newest version per key wins.
 *
 * <p>Footprints are CSR: the voxels of neuron i are {@code footprintVoxels[footprintStart[i] ..
 * footprintStart[i+1])}, each a linear index {@code x + y*width + z*width*height} into the volume;
 * {@code footprintWeights} runs parallel to {@code footprintVoxels}, or is {@code null} when the footprints are
 * unweighted. Arrays are not copied: the record owns them.
 *
 * @param session          session id
 * @param version          segmentation version, increasing
 * @param block            block index 0..9999
 * @param firstNeuron      table index of the first neuron of this block
 * @param totalNeurons     neurons in the whole table (all blocks)
 * @param width            volume width in voxels
 * @param height           volume height in voxels
 * @param depth            volume depth in voxels (planes)
 * @param acquisitionNs    acquisition time of the reference volume the table was made from
 * @param ids              neuron ids, non-negative
 * @param centroidX        centroid x in voxels, finite
 * @param centroidY        centroid y in voxels, finite
 * @param centroidZ        centroid z in voxels, finite
 * @param footprintStart   CSR row starts, neuronCount + 1 entries, from 0, non-decreasing
 * @param footprintVoxels  linear voxel indices, each in [0, width × height × depth)
 * @param footprintWeights per-voxel weights, finite, or null
 */
public record NeuronTableBlock(String session, long version, int block, int firstNeuron, int totalNeurons,
                               int width, int height, int depth, long acquisitionNs, int[] ids,
                               float[] centroidX, float[] centroidY, float[] centroidZ,
                               int[] footprintStart, int[] footprintVoxels, float[] footprintWeights) {

    public NeuronTableBlock {
        Names.requireSession(session);
        Check.atLeast("version", version, 0);
        Check.range("block", block, 0, Limits.MAX_BLOCK);
        Check.range("totalNeurons", totalNeurons, 0, Limits.MAX_TOTAL_NEURONS);
        Check.range("firstNeuron", firstNeuron, 0, totalNeurons);
        Check.range("width", width, 1, Limits.MAX_PLANE_DIM);
        Check.range("height", height, 1, Limits.MAX_PLANE_DIM);
        Check.range("depth", depth, 1, Limits.MAX_PLANES_PER_VOLUME);
        long voxels = (long) width * height * depth;
        if (voxels > Limits.MAX_VOLUME_VOXELS) {
            throw new IllegalArgumentException("volume of " + voxels + " voxels exceeds " + Limits.MAX_VOLUME_VOXELS);
        }
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.notNull("ids", ids);
        int n = ids.length;
        Check.range("neuronCount", n, 0, Math.min(Limits.MAX_NEURONS_PER_BLOCK, totalNeurons - firstNeuron));
        for (int i = 0; i < n; i++) {
            Check.atLeast("ids[" + i + "]", ids[i], 0);
        }
        Check.length("centroidX", Check.notNull("centroidX", centroidX).length, n, "one per neuron");
        Check.length("centroidY", Check.notNull("centroidY", centroidY).length, n, "one per neuron");
        Check.length("centroidZ", Check.notNull("centroidZ", centroidZ).length, n, "one per neuron");
        Check.finite("centroidX", centroidX);
        Check.finite("centroidY", centroidY);
        Check.finite("centroidZ", centroidZ);
        Check.length("footprintStart", Check.notNull("footprintStart", footprintStart).length, n + 1L,
                "neuronCount + 1");
        Check.notNull("footprintVoxels", footprintVoxels);
        Check.range("footprintVoxels.length", footprintVoxels.length, 0, Limits.MAX_FOOTPRINT_VOXELS);
        if (footprintStart[0] != 0 || footprintStart[n] != footprintVoxels.length) {
            throw new IllegalArgumentException("field 'footprintStart' must run from 0 to " + footprintVoxels.length
                    + ", got " + footprintStart[0] + " .. " + footprintStart[n]);
        }
        for (int i = 0; i < n; i++) {
            if (footprintStart[i + 1] < footprintStart[i]) {
                throw new IllegalArgumentException("field 'footprintStart' decreases at " + (i + 1));
            }
        }
        for (int i = 0; i < footprintVoxels.length; i++) {
            if (footprintVoxels[i] < 0 || footprintVoxels[i] >= voxels) {
                throw new IllegalArgumentException("field 'footprintVoxels'[" + i + "] = " + footprintVoxels[i]
                        + " is outside the volume of " + voxels + " voxels");
            }
        }
        if (footprintWeights != null) {
            Check.length("footprintWeights", footprintWeights.length, footprintVoxels.length, "one per voxel");
            Check.finite("footprintWeights", footprintWeights);
        }
    }

    public int neuronCount() {
        return ids.length;
    }

    public boolean hasWeights() {
        return footprintWeights != null;
    }

    /** Number of footprint voxels of the i-th neuron of this block. */
    public int footprintSize(int i) {
        return footprintStart[i + 1] - footprintStart[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuronTableBlock b && session.equals(b.session) && version == b.version
                && block == b.block && firstNeuron == b.firstNeuron && totalNeurons == b.totalNeurons
                && width == b.width && height == b.height && depth == b.depth && acquisitionNs == b.acquisitionNs
                && Arrays.equals(ids, b.ids) && Arrays.equals(centroidX, b.centroidX)
                && Arrays.equals(centroidY, b.centroidY) && Arrays.equals(centroidZ, b.centroidZ)
                && Arrays.equals(footprintStart, b.footprintStart) && Arrays.equals(footprintVoxels, b.footprintVoxels)
                && Arrays.equals(footprintWeights, b.footprintWeights);
    }

    @Override
    public int hashCode() {
        int h = session.hashCode();
        h = 31 * h + Long.hashCode(version);
        h = 31 * h + block;
        h = 31 * h + Arrays.hashCode(ids);
        return 31 * h + Arrays.hashCode(footprintVoxels);
    }

    @Override
    public String toString() {
        return "NeuronTableBlock[session=" + session + ", version=" + version + ", block=" + block
                + ", neurons=" + firstNeuron + "+" + ids.length + "/" + totalNeurons + ", volume=" + width + "x"
                + height + "x" + depth + ", acquisitionNs=" + acquisitionNs + ", ids=" + Check.summary(ids)
                + ", footprintVoxels=" + Check.summary(footprintVoxels) + ", weighted=" + hasWeights() + "]";
    }
}
