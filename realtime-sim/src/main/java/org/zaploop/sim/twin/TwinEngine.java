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

    TwinEngine(Network net, TwinParams p) {
        this.net = net;
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

    /** Simulates {@code steps} steps (one frame) and writes every neuron's ΔF/F at its end into {@code dffOut}. */
    void frame(long steps, float[] dffOut) {
        java.util.Arrays.fill(populationSpikes, 0);
        for (long done = 0; done < steps; ) {
            int k = (int) Math.min(stepsPerChunk, steps - done);
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
        dff.frame(dffOut);
    }

    /** Simulates {@code steps} steps feeding calcium but leaving the ΔF/F baseline alone (a warm-up). */
    void warm(long steps) {
        for (long done = 0; done < steps; ) {
            int k = (int) Math.min(stepsPerChunk, steps - done);
            sim.run(k);
            dff.step(k * dtS, counts);
            java.util.Arrays.fill(counts, 0);
            done += k;
        }
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
