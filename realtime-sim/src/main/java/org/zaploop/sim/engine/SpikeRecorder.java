package org.zaploop.sim.engine;

/**
 * Receives each step's spikes on the simulator's calling thread, after propagation. Called once
 * per partition per step, partitions in index order, so neuron ids arrive ascending. The
 * {@code neurons} array is the engine's buffer: copy what you keep, never hold on to it.
 */
@FunctionalInterface
public interface SpikeRecorder {

    void record(long step, int[] neurons, int count);
}
