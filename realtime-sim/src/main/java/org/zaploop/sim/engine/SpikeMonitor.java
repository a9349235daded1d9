package org.zaploop.sim.engine;

import java.util.Arrays;

/**
 * Records every spike as (step, neuron) in two growable {@code int[]} (8 bytes per spike).
 * Optionally only neurons in [from, to).
 */
public final class SpikeMonitor implements SpikeRecorder {

    private final int from;
    private final int to;
    private int[] steps = new int[4096];
    private int[] neurons = new int[4096];
    private int size;

    public SpikeMonitor() {
        this(0, Integer.MAX_VALUE);
    }

    public SpikeMonitor(int from, int to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public void record(long step, int[] ids, int count) {
        if (size + count > steps.length) {
            int cap = Math.max(size + count, steps.length + (steps.length >> 1));
            steps = Arrays.copyOf(steps, cap);
            neurons = Arrays.copyOf(neurons, cap);
        }
        int s = (int) step;
        for (int k = 0; k < count; k++) {
            int id = ids[k];
            if (id >= from && id < to) {
                steps[size] = s;
                neurons[size] = id;
                size++;
            }
        }
    }

    /** Number of recorded spikes. */
    public int size() {
        return size;
    }

    /** Step of spike {@code k} (the step during which the threshold was crossed). */
    public int step(int k) {
        return steps[k];
    }

    /** Neuron of spike {@code k}. */
    public int neuron(int k) {
        return neurons[k];
    }

    /** A copy of the recorded steps. */
    public int[] steps() {
        return Arrays.copyOf(steps, size);
    }

    /** A copy of the recorded neuron ids. */
    public int[] neurons() {
        return Arrays.copyOf(neurons, size);
    }

    public void clear() {
        size = 0;
    }
}
