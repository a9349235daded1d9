package org.zaploop.sim.engine;

/**
 * The refractory neurons of one population within one partition, as a FIFO ordered by release
 * step (a population has one refractory period, so spikes enter in release order). Each step
 * the released ones leave at the front and the rest are put back to their reset potential after
 * the branch-free update; refractory neurons are a few percent of all, so this is cheaper than
 * a per-neuron branch (and keeps the update loop vectorisable).
 */
final class RefractoryQueue {

    private final int[] neuron;
    private final long[] until;
    private int head;
    private int size;

    RefractoryQueue(int capacity) {
        this.neuron = new int[Math.max(1, capacity)];
        this.until = new long[neuron.length];
    }

    void clear() {
        head = 0;
        size = 0;
    }

    /** Appends neuron {@code i}, held through step {@code last}; {@code last} must not decrease. */
    void push(int i, long last) {
        int slot = head + size;
        if (slot >= neuron.length) {
            slot -= neuron.length;
        }
        neuron[slot] = i;
        until[slot] = last;
        size++;
    }

    /** Drops neurons released before {@code step}, then sets the others' v to {@code vh}. */
    void hold(float[] v, float vh, long step) {
        final int cap = neuron.length;
        while (size > 0 && until[head] < step) {
            head = head + 1 == cap ? 0 : head + 1;
            size--;
        }
        // held neurons: v back to the reset value (the update integrated them like all others)
        int end = Math.min(cap, head + size);
        for (int k = head; k < end; k++) {
            v[neuron[k]] = vh;
        }
        int wrapped = head + size - cap;
        for (int k = 0; k < wrapped; k++) {
            v[neuron[k]] = vh;
        }
    }
}
