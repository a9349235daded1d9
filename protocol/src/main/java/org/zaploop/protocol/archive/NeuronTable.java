package org.zaploop.protocol.archive;

import java.util.Arrays;

/**
 * The archive's neuron table: row i is the neuron whose label in the segmentation volume is {@code i + 1}
 * and whose trace is column i of {@code traces}. Stored as the {@code neurons} group ({@code id},
 * {@code centroid_xyz}, {@code voxel_count}). Arrays are not copied. Reads and writes no topic or store.
 *
 * @param ids        neuron ids (as the segmentation calls them), one per row
 * @param centroidX  centroid x in voxels
 * @param centroidY  centroid y in voxels
 * @param centroidZ  centroid z in voxels
 * @param voxelCount voxels in the neuron's footprint, ≥ 0
 */
public record NeuronTable(int[] ids, float[] centroidX, float[] centroidY, float[] centroidZ, int[] voxelCount) {

    public NeuronTable {
        int n = ids.length;
        if (centroidX.length != n || centroidY.length != n || centroidZ.length != n || voxelCount.length != n) {
            throw new IllegalArgumentException("neuron table columns differ in length: ids " + n + ", x "
                    + centroidX.length + ", y " + centroidY.length + ", z " + centroidZ.length + ", voxels "
                    + voxelCount.length);
        }
        for (int v : voxelCount) {
            if (v < 0) {
                throw new IllegalArgumentException("voxel counts must be ≥ 0, got " + v);
            }
        }
    }

    public int size() {
        return ids.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuronTable t && Arrays.equals(ids, t.ids) && Arrays.equals(centroidX, t.centroidX)
                && Arrays.equals(centroidY, t.centroidY) && Arrays.equals(centroidZ, t.centroidZ)
                && Arrays.equals(voxelCount, t.voxelCount);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(voxelCount);
    }

    @Override
    public String toString() {
        return "NeuronTable[" + ids.length + " neurons]";
    }
}
