package org.zaploop.controller.policy;

import java.util.Arrays;

/**
 * A target population: a sorted set of neuron table indices, and the sum of a per-neuron array over the part of
 * the population that falls in one block ({@code firstNeuron .. firstNeuron + count}). Reads and writes no topic.
 */
public final class NeuronSet {

    private final int[] ids;

    public NeuronSet(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("the target population lists no neuron");
        }
        int[] s = ids.clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0 || (i > 0 && s[i] == s[i - 1])) {
                throw new IllegalArgumentException("neuron ids must be distinct and >= 0, got " + s[i]);
            }
        }
        this.ids = s;
    }

    public int size() {
        return ids.length;
    }

    /** How many of the population lie in {@code [first, first + count)}. */
    public int countIn(int first, int count) {
        return lower(first + count) - lower(first);
    }

    /** Sum of {@code values[id − first]} over the population's neurons in the block, with {@code stride} step offset. */
    public double sumIn(int first, int count, float[] values, int offset) {
        double s = 0;
        for (int i = lower(first), end = lower(first + count); i < end; i++) {
            s += values[offset + ids[i] - first];
        }
        return s;
    }

    private int lower(long key) {
        int lo = 0;
        int hi = ids.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ids[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
