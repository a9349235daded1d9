package org.zaploop.sim.fish;

import java.util.Map;

/**
 * The neural activity inside the virtual fish, as the fish's optics and tail need it: neuron positions, spike
 * counts over time, the drive to the tail's motor nerves, and a way to show it a stimulus.
 * {@link SpikingBrain} implements it with the spiking-network engine.
 */
public interface Brain {

    int neurons();

    /** Neuron positions in µm, interleaved x, y, z, in the imaged volume's frame (origin at its corner). */
    float[] positionsUm();

    /** Shows the brain a stimulus as perceived now (see {@link VisualWorld.Percept}). */
    void perceive(String stimulus, Map<String, Double> params);

    /**
     * Simulates {@code seconds} of activity.
     *
     * @param spikeCounts per neuron, incremented by the spikes fired meanwhile
     * @param motorDrive  out: left and right motor drive at the end, 0..1
     */
    void advance(double seconds, int[] spikeCounts, double[] motorDrive);

    /** Simulated seconds per wall second over the last interval of activity (for status lines). */
    double realTimeFactor();
}
