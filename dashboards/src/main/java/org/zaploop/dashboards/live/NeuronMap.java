package org.zaploop.dashboards.live;

import java.util.HashMap;
import java.util.Map;

import org.zaploop.protocol.records.NeuronTableBlock;

/**
 * Assembles the newest complete version of the segmentation's neuron table from its blocks
 * ({@code zl.segmentation}, compacted): ids and centroids, indexed by table position. A block of a newer version
 * starts that version afresh; blocks of older versions are ignored. Reads and writes no topic itself.
 */
public final class NeuronMap {

    /** A complete table: position i is table index i. */
    public record Table(long version, int width, int height, int depth, int[] ids, float[] x, float[] y, float[] z) {
        public int size() {
            return ids.length;
        }
    }

    private long building = -1;
    private final Map<Integer, NeuronTableBlock> blocks = new HashMap<>();
    private Table current;

    /** Adds a block; returns the table when this block completes a newer version, else null. */
    public Table add(NeuronTableBlock b) {
        if (current != null && b.version() <= current.version() || b.version() < building) {
            return null;
        }
        if (b.version() > building) {
            building = b.version();
            blocks.clear();
        }
        blocks.put(b.block(), b);
        long covered = 0;
        for (NeuronTableBlock x : blocks.values()) {
            covered += x.neuronCount();
        }
        if (covered != b.totalNeurons()) {
            return null;
        }
        int n = b.totalNeurons();
        int[] ids = new int[n];
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = new float[n];
        for (NeuronTableBlock k : blocks.values()) {
            int at = k.firstNeuron();
            if (at + k.neuronCount() > n) {
                return null; // blocks of one version disagree on the table size: wait for a consistent set
            }
            System.arraycopy(k.ids(), 0, ids, at, k.neuronCount());
            System.arraycopy(k.centroidX(), 0, x, at, k.neuronCount());
            System.arraycopy(k.centroidY(), 0, y, at, k.neuronCount());
            System.arraycopy(k.centroidZ(), 0, z, at, k.neuronCount());
        }
        current = new Table(b.version(), b.width(), b.height(), b.depth(), ids, x, y, z);
        blocks.clear();
        return current;
    }

    /** The newest complete table, or null before the first one. */
    public Table current() {
        return current;
    }
}
