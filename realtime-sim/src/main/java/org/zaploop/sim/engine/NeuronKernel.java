package org.zaploop.sim.engine;

/**
 * Integrates one population's neurons by one time step and detects their spikes. Each kernel
 * holds the network's state arrays and its derived constants (propagators computed once).
 * Called from a partition's worker thread with a sub-range of the population.
 */
abstract class NeuronKernel {

    /** Neurons per threshold-scan chunk. */
    static final int CHUNK = 64;

    final int population;
    final int n;
    final float[] v;
    final float[] exc;
    final float[] inh;
    final long[] refUntil;
    final float[] iExt;
    final float[] bias;
    final int refHold;

    NeuronKernel(Network net, int population, double refractoryMs) {
        this.population = population;
        this.n = net.n;
        this.v = net.v;
        this.exc = net.exc;
        this.inh = net.inh;
        this.refUntil = net.refUntil;
        this.iExt = net.iExt;
        this.bias = net.bias;
        // Brian2 semantics: after a spike at step s, v is not integrated at steps s+1 .. s+R-1
        // (R = refractory steps) and integrates again from step s+R on.
        int r = (int) Math.round(refractoryMs / net.dtMs);
        this.refHold = Math.max(r - 1, 0);
        // refUntil[i]: last step at which v is held (spike step + refHold); -1 = never spiked
    }

    /**
     * Advances neurons [from, to) by one step, refractory or not (branch-free, so the JIT can
     * vectorise it); {@link #hold} then puts refractory neurons back. {@code external} says
     * whether iExt may be non-zero. Kernels that can cheaply do so write the maximum new v of
     * each {@link #CHUNK}-neuron chunk to {@code chunkMax}, so {@link #detect} skips quiet chunks.
     */
    abstract void update(int from, int to, boolean external, float[] chunkMax);

    /**
     * Threshold and reset for neurons [from, to): appends spiking neurons to {@code out} from
     * {@code count} on, marks them refractory until {@code step + refHold}, returns the new count.
     */
    abstract int detect(int from, int to, int[] out, int count, long step, float[] chunkMax);

    /** Membrane potential a refractory neuron is held at (its reset value). */
    abstract float holdValue();
}
