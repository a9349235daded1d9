package org.zaploop.processors.imaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.zaploop.protocol.records.NeuronTableBlock;

/**
 * One whole version of a segmentation's neuron table as CSR footprints over a width × height × depth volume:
 * the voxels of neuron i are {@code voxels[start[i] .. start[i+1])}, linear {@code x + y·W + z·W·H}, with
 * {@code weights} parallel (null = unweighted). Arrays are not copied. Reads and writes no topic or store.
 */
public record NeuronFootprints(String session, long version, int neurons, int width, int height, int depth,
                               long acquisitionNs, int[] start, int[] voxels, float[] weights) {

    public NeuronFootprints {
        if (neurons < 1 || start.length != neurons + 1 || start[neurons] != voxels.length
                || (weights != null && weights.length != voxels.length)) {
            throw new IllegalArgumentException("inconsistent footprints: " + neurons + " neurons, " + start.length
                    + " row starts, " + voxels.length + " voxels");
        }
    }

    /**
     * Joins the blocks of one table version (any order). Throws {@link IllegalArgumentException} saying what is
     * missing or inconsistent when they are not exactly one complete table: same version and geometry, blocks
     * covering neurons {@code 0 .. totalNeurons} without gap or overlap.
     */
    public static NeuronFootprints assemble(List<NeuronTableBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no neuron-table blocks");
        }
        List<NeuronTableBlock> bs = new ArrayList<>(blocks);
        bs.sort(Comparator.comparingInt(NeuronTableBlock::firstNeuron));
        NeuronTableBlock first = bs.get(0);
        int total = first.totalNeurons();
        long voxelCount = 0;
        int next = 0;
        boolean weighted = false;
        for (NeuronTableBlock b : bs) {
            if (b.version() != first.version() || b.totalNeurons() != total || b.width() != first.width()
                    || b.height() != first.height() || b.depth() != first.depth()
                    || !b.session().equals(first.session())) {
                throw new IllegalArgumentException("block " + b.block() + " is of another version or geometry ("
                        + b.version() + " vs " + first.version() + ")");
            }
            if (b.firstNeuron() != next) {
                throw new IllegalArgumentException("neurons " + next + ".." + b.firstNeuron() + " of version "
                        + first.version() + " missing or overlapping");
            }
            next += b.neuronCount();
            voxelCount += b.footprintVoxels().length;
            weighted |= b.hasWeights();
        }
        if (next != total || total < 1) {
            throw new IllegalArgumentException("version " + first.version() + " has " + next + " of " + total
                    + " neurons");
        }
        if (voxelCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many footprint voxels: " + voxelCount);
        }
        int[] start = new int[total + 1];
        int[] voxels = new int[(int) voxelCount];
        float[] weights = weighted ? new float[(int) voxelCount] : null;
        int at = 0;
        for (NeuronTableBlock b : bs) {
            int[] s = b.footprintStart();
            for (int i = 0; i < b.neuronCount(); i++) {
                start[b.firstNeuron() + i] = at + s[i];
            }
            System.arraycopy(b.footprintVoxels(), 0, voxels, at, b.footprintVoxels().length);
            if (weighted) {
                if (b.hasWeights()) {
                    System.arraycopy(b.footprintWeights(), 0, weights, at, b.footprintVoxels().length);
                } else {
                    java.util.Arrays.fill(weights, at, at + b.footprintVoxels().length, 1f);
                }
            }
            at += b.footprintVoxels().length;
        }
        start[total] = at;
        return new NeuronFootprints(first.session(), first.version(), total, first.width(), first.height(),
                first.depth(), first.acquisitionNs(), start, voxels, weights);
    }
}
