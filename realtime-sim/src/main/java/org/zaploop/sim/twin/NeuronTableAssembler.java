package org.zaploop.sim.twin;

import java.util.Map;
import java.util.TreeMap;
import org.zaploop.protocol.records.NeuronTableBlock;

/**
 * Gathers the blocks of a session's neuron table ({@code zl.segmentation} records, passed in by the adapter) until
 * the newest version is complete, then gives the {@link RegionMap} and the block layout forecasts are cut into.
 * Blocks of an older version than the newest seen are ignored. Reads and writes no topic itself.
 */
public final class NeuronTableAssembler {

    private final Map<Integer, NeuronTableBlock> blocks = new TreeMap<>();
    private long version = -1;

    /** Adds one block; returns true when the newest version's table is complete. */
    public boolean add(NeuronTableBlock b) {
        if (b.version() < version) {
            return complete();
        }
        if (b.version() > version) {
            version = b.version();
            blocks.clear();
        }
        blocks.put(b.block(), b);
        return complete();
    }

    public boolean complete() {
        if (blocks.isEmpty()) {
            return false;
        }
        int total = blocks.values().iterator().next().totalNeurons();
        long have = 0;
        for (NeuronTableBlock b : blocks.values()) {
            have += b.ids().length;
        }
        return have == total && total > 0;
    }

    /** The twin's map of the complete table. */
    public RegionMap regionMap() {
        NeuronTableBlock first = requireComplete();
        int n = first.totalNeurons();
        float[] cx = new float[n];
        float[] cy = new float[n];
        float[] cz = new float[n];
        for (NeuronTableBlock b : blocks.values()) {
            int k = b.ids().length;
            if (b.firstNeuron() + k > n) {
                throw new IllegalArgumentException("segmentation block " + b.block() + " reaches past neuron " + n);
            }
            System.arraycopy(b.centroidX(), 0, cx, b.firstNeuron(), k);
            System.arraycopy(b.centroidY(), 0, cy, b.firstNeuron(), k);
            System.arraycopy(b.centroidZ(), 0, cz, b.firstNeuron(), k);
        }
        return RegionMap.fromCentroids(cx, cy, cz, first.width(), first.height(), first.depth());
    }

    /** Block index → {first neuron, neuron count}, in block order. */
    public Map<Integer, int[]> layout() {
        requireComplete();
        Map<Integer, int[]> out = new TreeMap<>();
        for (NeuronTableBlock b : blocks.values()) {
            out.put(b.block(), new int[] {b.firstNeuron(), b.ids().length});
        }
        return out;
    }

    public long version() {
        return version;
    }

    private NeuronTableBlock requireComplete() {
        if (!complete()) {
            throw new IllegalStateException("the neuron table is not complete yet");
        }
        return blocks.values().iterator().next();
    }
}
