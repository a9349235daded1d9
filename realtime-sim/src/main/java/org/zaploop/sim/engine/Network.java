package org.zaploop.sim.engine;

import java.util.Arrays;
import java.util.Map;
import org.zaploop.sim.model.AdExParams;
import org.zaploop.sim.model.CobaParams;
import org.zaploop.sim.model.IzhikevichParams;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.NeuronModel;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.PoissonInput;
import org.zaploop.sim.model.SensoryDrive;

/**
 * A compiled network: struct-of-arrays neuron state, the CSR {@link SynapseTable}, the delay ring,
 * per-block random generators and the inputs (external current, per-population bias). Made by
 * {@link NetworkBuilder#build}; advanced by a {@link Simulator}. Not thread-safe: change inputs
 * or copy state only between {@link Simulator#run} calls. Reads and writes no topics or stores.
 *
 * <p>Neuron state layout: {@code v[i]} membrane potential (mV), {@code u[i]} recovery/adaptation
 * (Izhikevich u, AdEx w), {@code exc[i]} excitatory and {@code inh[i]} inhibitory synaptic
 * variable, {@code refUntil[i]} last step at which v is held refractory.
 */
public final class Network {

    /** Neurons per random-generator block; partitions are whole blocks, so results do not depend on threads. */
    static final int BLOCK = 256;

    final NetworkSpec spec;
    final int n;
    final double dtMs;
    final int[] popStart;
    final SynapseTable synapses;
    final float[] v;
    final float[] u;
    /** Excitatory and inhibitory synaptic variables: two arrays so the update loop vectorises. */
    final float[] exc;
    final float[] inh;
    final long[] refUntil;
    final float[] iExt;
    final float[] bias;
    /** Pending synaptic input, slot (step % ringLen) of 2n floats; null when every delay is one step. */
    final float[] ring;
    final int ringLen;
    final Rng[] blockRng;
    final double[] poissonMean;
    final float[] poissonWeight;
    final int[] poissonChannel;
    final NeuronKernel[] kernels;
    long step;
    boolean externalActive;
    /** Incremented by {@link #restoreState}, so a simulator rebuilds its refractory queues. */
    int stateVersion;

    Network(NetworkSpec spec, int[] popStart, SynapseTable synapses, long seed) {
        this.spec = spec;
        this.n = popStart[popStart.length - 1];
        this.dtMs = spec.dtMs();
        this.popStart = popStart;
        this.synapses = synapses;
        this.v = new float[n];
        this.u = new float[n];
        this.exc = new float[n];
        this.inh = new float[n];
        this.refUntil = new long[n];
        Arrays.fill(refUntil, -1L);
        this.iExt = new float[n];
        int pops = popStart.length - 1;
        this.bias = new float[pops];
        if (synapses.maxDelaySteps() > 1) {
            this.ringLen = synapses.maxDelaySteps() + 1;
            this.ring = new float[Math.multiplyExact(ringLen, 2 * n)];
        } else {
            this.ringLen = 0;
            this.ring = null;
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        this.blockRng = new Rng[blocks];
        for (int b = 0; b < blocks; b++) {
            blockRng[b] = Rng.derive(seed, (1L << 40) + b);
        }
        this.poissonMean = new double[pops];
        this.poissonWeight = new float[pops];
        this.poissonChannel = new int[pops];
        for (int p = 0; p < pops; p++) {
            PoissonInput bg = spec.populations().get(p).background();
            if (bg != null) {
                poissonMean[p] = bg.rateHz() * dtMs / 1000.0;
                poissonWeight[p] = (float) bg.weight();
                poissonChannel[p] = bg.channel().ordinal();
            }
        }
        this.kernels = makeKernels();
    }

    /** Fork: shares the immutable spec and synapse table, copies all state. */
    private Network(Network o) {
        this.spec = o.spec;
        this.n = o.n;
        this.dtMs = o.dtMs;
        this.popStart = o.popStart;
        this.synapses = o.synapses;
        this.v = o.v.clone();
        this.u = o.u.clone();
        this.exc = o.exc.clone();
        this.inh = o.inh.clone();
        this.refUntil = o.refUntil.clone();
        this.iExt = o.iExt.clone();
        this.bias = o.bias.clone();
        this.ring = o.ring == null ? null : o.ring.clone();
        this.ringLen = o.ringLen;
        this.blockRng = new Rng[o.blockRng.length];
        for (int b = 0; b < blockRng.length; b++) {
            blockRng[b] = new Rng(o.blockRng[b].state());
        }
        this.poissonMean = o.poissonMean;
        this.poissonWeight = o.poissonWeight;
        this.poissonChannel = o.poissonChannel;
        this.step = o.step;
        this.externalActive = o.externalActive;
        this.kernels = makeKernels();
    }

    private NeuronKernel[] makeKernels() {
        NeuronKernel[] ks = new NeuronKernel[popStart.length - 1];
        for (int p = 0; p < ks.length; p++) {
            NeuronModel m = spec.populations().get(p).model();
            if (m instanceof LifParams lif) {
                ks[p] = new LifCubaKernel(this, p, lif);
            } else if (m instanceof CobaParams coba) {
                ks[p] = new CobaKernel(this, p, coba);
            } else if (m instanceof IzhikevichParams izh) {
                ks[p] = new IzhikevichKernel(this, p, izh);
            } else if (m instanceof AdExParams adex) {
                ks[p] = new AdExKernel(this, p, adex);
            } else {
                throw new IllegalStateException("no kernel for " + m);
            }
        }
        return ks;
    }

    /** An independent copy that shares the immutable connection table (a digital twin's "simulate ahead"). */
    public Network fork() {
        return new Network(this);
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** Number of neurons. */
    public int size() {
        return n;
    }

    public double dtMs() {
        return dtMs;
    }

    /** Steps simulated so far. */
    public long step() {
        return step;
    }

    /** Simulated time in ms. */
    public double timeMs() {
        return step * dtMs;
    }

    public SynapseTable synapses() {
        return synapses;
    }

    public int populationCount() {
        return popStart.length - 1;
    }

    /** First neuron index of population {@code p}. */
    public int populationStart(int p) {
        return popStart[p];
    }

    /** One past the last neuron index of population {@code p}. */
    public int populationEnd(int p) {
        return popStart[p + 1];
    }

    public int populationIndex(String name) {
        return spec.populationIndex(name);
    }

    /** Population index of {@code neuron}. */
    public int populationOf(int neuron) {
        if (neuron < 0 || neuron >= n) {
            throw new IndexOutOfBoundsException("neuron " + neuron + " of " + n);
        }
        int i = Arrays.binarySearch(popStart, neuron);
        if (i >= 0) {
            while (i + 1 < popStart.length && popStart[i + 1] == neuron) {
                i++; // skip empty populations starting at the same index
            }
            return i;
        }
        return -i - 2;
    }

    /** Region index of {@code neuron} (see {@link NetworkSpec#regionNames()}). */
    public int regionOf(int neuron) {
        return spec.populations().get(populationOf(neuron)).region();
    }

    /** Region index of every neuron (new array). */
    public int[] regionIndex() {
        int[] r = new int[n];
        for (int p = 0; p < populationCount(); p++) {
            Arrays.fill(r, popStart[p], popStart[p + 1], spec.populations().get(p).region());
        }
        return r;
    }

    /** Per-neuron x, y, z in µm (new array of 3n floats), or null if the spec has none. */
    public float[] positionsUm() {
        return spec.positionsUm();
    }

    /** Membrane potential of {@code neuron} in mV. */
    public float v(int neuron) {
        return v[neuron];
    }

    /** Excitatory (channel 0) or inhibitory (1) synaptic variable of {@code neuron}. */
    public float synaptic(int neuron, int channel) {
        return channel == 0 ? exc[neuron] : inh[neuron];
    }

    /** Recovery/adaptation variable (Izhikevich u, AdEx w) of {@code neuron}. */
    public float recovery(int neuron) {
        return u[neuron];
    }

    /** Copies all membrane potentials into {@code dest} (length ≥ n) and returns it. */
    public float[] copyV(float[] dest) {
        System.arraycopy(v, 0, dest, 0, n);
        return dest;
    }

    /**
     * Sets the injected current (pA) of {@code neurons[k]} to {@code amps[k]}; it stays until
     * changed or {@link #clearExternalCurrent()} (a digital twin driven by measured activity).
     */
    public void injectCurrent(int[] neurons, float[] amps) {
        if (neurons.length != amps.length) {
            throw new IllegalArgumentException("neurons and amps differ in length");
        }
        for (int k = 0; k < neurons.length; k++) {
            iExt[neurons[k]] = amps[k];
        }
        externalActive = true;
    }

    /**
     * The live per-neuron injected-current array (pA) for a caller that fills it before each
     * {@link Simulator#run}. Calling this turns the external-current term on.
     */
    public float[] externalCurrent() {
        externalActive = true;
        return iExt;
    }

    /** Zeroes injected current and turns the term off (the update loop skips it again). */
    public void clearExternalCurrent() {
        Arrays.fill(iExt, 0f);
        externalActive = false;
    }

    /** Sets a constant current (pA) into every neuron of population {@code p}. */
    public void setPopulationCurrent(int p, double pA) {
        bias[p] = (float) pA;
    }

    /** Applies a sensory drive for the presented stimulus (null: none shown) to the population currents. */
    public void applyStimulus(SensoryDrive drive, String stimulus, Map<String, Double> params) {
        double[] c = drive.currents(spec, stimulus, params);
        for (int p = 0; p < c.length; p++) {
            bias[p] = (float) c[p];
        }
    }

    /** Deep copy of the evolving state. */
    public NetworkState copyState() {
        long[] rng = new long[blockRng.length];
        for (int b = 0; b < rng.length; b++) {
            rng[b] = blockRng[b].state();
        }
        return new NetworkState(step, v.clone(), u.clone(), exc.clone(), inh.clone(), refUntil.clone(), iExt.clone(), bias.clone(),
                ring == null ? null : ring.clone(), rng, externalActive);
    }

    /** Restores a state copied from this network or a fork of it. */
    public void restoreState(NetworkState s) {
        if (s.v.length != n || s.bias.length != bias.length || s.rng.length != blockRng.length
                || (s.ring == null) != (ring == null) || (ring != null && s.ring.length != ring.length)) {
            throw new IllegalArgumentException("state was copied from a different network");
        }
        step = s.step;
        System.arraycopy(s.v, 0, v, 0, n);
        System.arraycopy(s.u, 0, u, 0, n);
        System.arraycopy(s.exc, 0, exc, 0, n);
        System.arraycopy(s.inh, 0, inh, 0, n);
        System.arraycopy(s.ref, 0, refUntil, 0, n);
        System.arraycopy(s.iExt, 0, iExt, 0, n);
        System.arraycopy(s.bias, 0, bias, 0, bias.length);
        if (ring != null) {
            System.arraycopy(s.ring, 0, ring, 0, ring.length);
        }
        for (int b = 0; b < blockRng.length; b++) {
            blockRng[b].setState(s.rng[b]);
        }
        externalActive = s.externalActive;
        stateVersion++;
    }

    /** Bytes held by state arrays, ring and connection table (what the engine allocates). */
    public long engineBytes() {
        long b = 4L * (v.length + u.length + exc.length + inh.length + iExt.length) + 8L * refUntil.length;
        if (ring != null) {
            b += 4L * ring.length;
        }
        return b + synapses.bytes();
    }
}
