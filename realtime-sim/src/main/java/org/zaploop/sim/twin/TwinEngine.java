package org.zaploop.sim.twin;

import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.Simulator;

/**
 * One network of the twin with its simulator and calcium: the live twin, or the copy that simulates ahead.
 * Advances by whole frames, integrating calcium over chunks of {@link TwinParams#stepsPerChunk()} steps from the
 * spikes counted meanwhile, and counts spikes per population over the frame. Reads and writes no topic.
 */
final class TwinEngine implements AutoCloseable {

    final Network net;
    final Simulator sim;
    final SimulatedDff dff;
    private final int[] counts;
    /** Spikes per population during the last frame. */
    final long[] populationSpikes;
    private final int stepsPerChunk;
    private final double dtS;
    /** Standard normal numbers, shared by all engines; the noise of a chunk starts at a place set by its step. */
    private static final float[] NOISE = noiseTable(1 << 16, 1234);
    private final float noisePa;
    /** The injected current the frame started with; noise is added around it chunk by chunk. */
    private final float[] base;

    TwinEngine(Network net, TwinParams p) {
        this.net = net;
        this.noisePa = (float) p.currentNoisePa();
        this.base = new float[net.size()];
        this.sim = new Simulator(net, p.threads());
        this.dff = new SimulatedDff(p, net.size());
        this.counts = new int[net.size()];
        this.populationSpikes = new long[net.populationCount()];
        this.stepsPerChunk = p.stepsPerChunk();
        this.dtS = net.dtMs() / 1000;
        sim.addRecorder(this::count);
    }

    private void count(long step, int[] neurons, int n) {
        final int[] c = counts;
        for (int k = 0; k < n; k++) {
            c[neurons[k]]++;
        }
    }

    private static float[] noiseTable(int size, long seed) {
        org.zaploop.sim.engine.Rng rng = new org.zaploop.sim.engine.Rng(seed);
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            t[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    /**
     * Injected current of the next chunk: the frame's current plus noise held for the chunk. Without it a neuron under
     * a constant current is either silent or fires fast (the f–I curve of a noiseless LIF neuron has no gentle
     * slope), and a population left alone drifts to one of the two; with it, rates follow the current smoothly. The
     * noise is a function of the step counter alone, so a copy of the twin draws the same noise as the original.
     */
    private void noisyCurrent() {
        if (noisePa == 0) {
            return;
        }
        final float[] iExt = net.externalCurrent();
        final int mask = NOISE.length - 1;
        long h = net.step() * 0x9E3779B97F4A7C15L;
        final int offset = (int) (h >>> 40) & mask;
        final float sd = noisePa;
        // current = frame current + sd × table entry (a different stretch of the table every chunk)
        for (int i = 0; i < base.length; i++) {
            iExt[i] = base[i] + sd * NOISE[(offset + i) & mask];
        }
    }

    /** Simulates {@code steps} steps (one frame) and writes every neuron's ΔF/F at its end into {@code dffOut}. */
    void frame(long steps, float[] dffOut) {
        java.util.Arrays.fill(populationSpikes, 0);
        System.arraycopy(net.externalCurrent(), 0, base, 0, base.length);
        for (long done = 0; done < steps; ) {
            int k = (int) Math.min(stepsPerChunk, steps - done);
            noisyCurrent();
            sim.run(k);
            dff.step(k * dtS, counts);
            for (int p = 0; p < populationSpikes.length; p++) {
                long s = 0;
                // per population: spikes of this chunk, and clear the counts for the next one
                for (int i = net.populationStart(p), e = net.populationEnd(p); i < e; i++) {
                    s += counts[i];
                    counts[i] = 0;
                }
                populationSpikes[p] += s;
            }
            done += k;
        }
        System.arraycopy(base, 0, net.externalCurrent(), 0, base.length);
        dff.frame(dffOut);
    }

    /** Simulates {@code steps} steps feeding calcium but leaving the ΔF/F baseline alone (a warm-up). */
    void warm(long steps) {
        System.arraycopy(net.externalCurrent(), 0, base, 0, base.length);
        for (long done = 0; done < steps; ) {
            int k = (int) Math.min(stepsPerChunk, steps - done);
            noisyCurrent();
            sim.run(k);
            dff.step(k * dtS, counts);
            java.util.Arrays.fill(counts, 0);
            done += k;
        }
        System.arraycopy(base, 0, net.externalCurrent(), 0, base.length);
    }

    /** Makes this engine's state (network, calcium, baseline) equal to {@code other}'s. */
    void copyFrom(TwinEngine other) {
        net.restoreState(other.net.copyState());
        other.dff.copyTo(dff);
    }

    @Override
    public void close() {
        sim.close();
    }
}
