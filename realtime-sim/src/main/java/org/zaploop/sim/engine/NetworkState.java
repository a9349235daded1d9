package org.zaploop.sim.engine;

/**
 * A deep copy of everything that evolves in a {@link Network}: state variables, pending spikes
 * in the delay ring, external and bias currents, random generator states and the step counter.
 * Made by {@link Network#copyState()}, applied by {@link Network#restoreState(NetworkState)};
 * restoring and simulating forward reproduces the original run bit for bit.
 */
public final class NetworkState {

    final long step;
    final float[] v;
    final float[] u;
    final float[] exc;
    final float[] inh;
    final long[] ref;
    final float[] iExt;
    final float[] bias;
    final float[] ring;
    final long[] rng;
    final boolean externalActive;

    NetworkState(long step, float[] v, float[] u, float[] exc, float[] inh, long[] ref, float[] iExt, float[] bias, float[] ring,
                 long[] rng, boolean externalActive) {
        this.step = step;
        this.v = v;
        this.u = u;
        this.exc = exc;
        this.inh = inh;
        this.ref = ref;
        this.iExt = iExt;
        this.bias = bias;
        this.ring = ring;
        this.rng = rng;
        this.externalActive = externalActive;
    }

    /** Step counter at the time of the copy. */
    public long step() {
        return step;
    }

    /** Number of neurons. */
    public int neurons() {
        return v.length;
    }

    /** Membrane potential of neuron {@code i} in mV at the time of the copy. */
    public float v(int i) {
        return v[i];
    }
}
