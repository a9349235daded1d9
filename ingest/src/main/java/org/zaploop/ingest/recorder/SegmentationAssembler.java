package org.zaploop.ingest.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.NeuronTableBlock;

/**
 * Collects the blocks of each version of the neuron table ({@code zl.segmentation}) and says when a version
 * newer than the one stored is complete (its blocks cover every neuron). Turns a complete version into the
 * archive's neuron table and label volume (label of a footprint voxel = table row + 1). Plain Java.
 */
final class SegmentationAssembler {

    private final TreeMap<Long, TreeMap<Integer, NeuronTableBlock>> versions = new TreeMap<>();
    private long written = -1;

    long writtenVersion() {
        return written;
    }

    /** Adds a block; returns the version's blocks in neuron order if that version is now complete. */
    Optional<List<NeuronTableBlock>> add(NeuronTableBlock b) {
        if (b.version() <= written) {
            return Optional.empty();
        }
        TreeMap<Integer, NeuronTableBlock> blocks = versions.computeIfAbsent(b.version(), v -> new TreeMap<>());
        blocks.put(b.firstNeuron(), b);
        int covered = 0;
        for (NeuronTableBlock x : blocks.values()) {
            if (x.firstNeuron() != covered) {
                return Optional.empty();
            }
            covered += x.neuronCount();
        }
        if (covered != b.totalNeurons()) {
            return Optional.empty();
        }
        return Optional.of(new ArrayList<>(blocks.values()));
    }

    /** Marks {@code version} as stored; older versions are dropped. */
    void written(long version) {
        written = Math.max(written, version);
        versions.headMap(written, true).clear();
    }

    static NeuronTable table(List<NeuronTableBlock> blocks) {
        int n = blocks.isEmpty() ? 0 : blocks.get(0).totalNeurons();
        int[] ids = new int[n];
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = new float[n];
        int[] voxels = new int[n];
        for (NeuronTableBlock b : blocks) {
            int o = b.firstNeuron();
            System.arraycopy(b.ids(), 0, ids, o, b.neuronCount());
            System.arraycopy(b.centroidX(), 0, x, o, b.neuronCount());
            System.arraycopy(b.centroidY(), 0, y, o, b.neuronCount());
            System.arraycopy(b.centroidZ(), 0, z, o, b.neuronCount());
            for (int i = 0; i < b.neuronCount(); i++) {
                voxels[o + i] = b.footprintSize(i);
            }
        }
        return new NeuronTable(ids, x, y, z, voxels);
    }

    /** The label volume plane by plane: voxels bucketed by z once, then each plane filled from its bucket. */
    static SessionArchive.LabelPlanes labels(List<NeuronTableBlock> blocks, int width, int height, int depth) {
        long plane = (long) width * height;
        int[] perZ = new int[depth + 1];
        for (NeuronTableBlock b : blocks) {
            for (int v : b.footprintVoxels()) {
                perZ[(int) (v / plane) + 1]++;
            }
        }
        for (int z = 0; z < depth; z++) {
            perZ[z + 1] += perZ[z];
        }
        int[] fill = perZ.clone();
        int[] pixel = new int[perZ[depth]];
        int[] label = new int[perZ[depth]];
        for (NeuronTableBlock b : blocks) {
            for (int i = 0; i < b.neuronCount(); i++) {
                for (int k = b.footprintStart()[i]; k < b.footprintStart()[i + 1]; k++) {
                    int v = b.footprintVoxels()[k];
                    int z = (int) (v / plane);
                    int at = fill[z]++;
                    pixel[at] = (int) (v % plane);
                    label[at] = b.firstNeuron() + i + 1;
                }
            }
        }
        return (z, dest) -> {
            for (int k = perZ[z]; k < perZ[z + 1]; k++) {
                dest[pixel[k]] = label[k];
            }
        };
    }

    Map<Long, Integer> pendingVersions() {
        Map<Long, Integer> m = new TreeMap<>();
        versions.forEach((v, b) -> m.put(v, b.size()));
        return m;
    }
}
