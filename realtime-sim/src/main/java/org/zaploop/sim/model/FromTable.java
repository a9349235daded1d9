package org.zaploop.sim.model;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import java.util.function.IntUnaryOperator;

/**
 * Explicit synapses, e.g. read from an edge table: local source and target indices, and per
 * synapse weight and delay. The arrays are copied on construction and never exposed, so the
 * record stays immutable.
 */
public record FromTable(int[] sources, int[] targets, float[] weights, float[] delaysMs) implements ConnectionRule {

    public FromTable {
        if (sources == null || targets == null || weights == null || delaysMs == null) {
            throw new IllegalArgumentException("table arrays must not be null");
        }
        int n = sources.length;
        if (targets.length != n || weights.length != n || delaysMs.length != n) {
            throw new IllegalArgumentException("table arrays must have equal lengths");
        }
        sources = sources.clone();
        targets = targets.clone();
        weights = weights.clone();
        delaysMs = delaysMs.clone();
        for (int i = 0; i < n; i++) {
            if (sources[i] < 0 || targets[i] < 0) {
                throw new IllegalArgumentException("table row " + i + ": negative neuron index");
            }
            if (!Float.isFinite(weights[i]) || !(delaysMs[i] >= 0) || !Float.isFinite(delaysMs[i])) {
                throw new IllegalArgumentException("table row " + i + ": weight must be finite and delay >= 0");
            }
        }
    }

    /** Number of synapses in the table. */
    public int size() {
        return sources.length;
    }

    @Override
    public int[] sources() {
        return sources.clone();
    }

    @Override
    public int[] targets() {
        return targets.clone();
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public float[] delaysMs() {
        return delaysMs.clone();
    }

    @Override
    public void connect(int nSource, int nTarget, boolean sameNeuron, DoubleSupplier uniform, IntUnaryOperator randInt,
                        double weight, double delayMs, ConnectionSink sink) {
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] >= nSource || targets[i] >= nTarget) {
                throw new IllegalArgumentException("table row " + i + ": index out of range (source " + sources[i]
                        + " of " + nSource + ", target " + targets[i] + " of " + nTarget + ")");
            }
            sink.add(sources[i], targets[i], weights[i], delaysMs[i]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FromTable t && Arrays.equals(sources, t.sources) && Arrays.equals(targets, t.targets)
                && Arrays.equals(weights, t.weights) && Arrays.equals(delaysMs, t.delaysMs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sources) * 31 + Arrays.hashCode(targets);
    }

    @Override
    public String toString() {
        return "FromTable[" + sources.length + " synapses]";
    }
}
