package org.zaploop.sim.engine;

/**
 * Immutable compressed-sparse-row connection table, rows by source neuron, targets ascending
 * within a row. A synapse stores one {@code int} "code" = {@code channel × n + target} (so the
 * excitatory/inhibitory channel costs no extra byte), a {@code float} weight and, only when
 * delays differ, a {@code short} delay in steps. Shared read-only by forks of a network.
 */
public final class SynapseTable {

    private final int n;
    final int[] rowStart;
    final int[] code;
    final float[] weight;
    /** Per-synapse delay in steps, or null when all equal {@link #constantDelaySteps}. */
    final short[] delaySteps;
    final int constantDelaySteps;
    final int maxDelaySteps;

    SynapseTable(int n, int[] rowStart, int[] code, float[] weight, short[] delaySteps, int constantDelaySteps,
                 int maxDelaySteps) {
        this.n = n;
        this.rowStart = rowStart;
        this.code = code;
        this.weight = weight;
        this.delaySteps = delaySteps;
        this.constantDelaySteps = constantDelaySteps;
        this.maxDelaySteps = maxDelaySteps;
    }

    /** Number of synapses. */
    public int size() {
        return code.length;
    }

    /** Number of neurons (rows). */
    public int neurons() {
        return n;
    }

    /** Out-degree of neuron {@code source}. */
    public int outDegree(int source) {
        return rowStart[source + 1] - rowStart[source];
    }

    /** Target neuron of synapse {@code k}. */
    public int target(int k) {
        int c = code[k];
        return c >= n ? c - n : c;
    }

    /** Channel (0 exc, 1 inh) of synapse {@code k}. */
    public int channel(int k) {
        return code[k] >= n ? 1 : 0;
    }

    public float weight(int k) {
        return weight[k];
    }

    /** First synapse index of {@code source}'s row. */
    public int rowStart(int source) {
        return rowStart[source];
    }

    public int delaySteps(int k) {
        return delaySteps == null ? constantDelaySteps : delaySteps[k];
    }

    /** True when every synapse has the same delay (the engine's one-slot fast path). */
    public boolean constantDelay() {
        return delaySteps == null;
    }

    public int maxDelaySteps() {
        return maxDelaySteps;
    }

    /** Bytes held by the table's arrays. */
    public long bytes() {
        long b = 4L * rowStart.length + 4L * code.length + 4L * weight.length;
        if (delaySteps != null) {
            b += 2L * delaySteps.length;
        }
        return b;
    }
}
