package org.zaploop.sim.fish;

/**
 * Ground truth of one volume, for scoring every later stage. Arrays are the fish's buffers: copy what you keep.
 *
 * @param frame    volume index
 * @param trueDff  each neuron's true ΔF/F at the time its plane was acquired
 * @param calcium  each neuron's indicator calcium (arbitrary units, the same instant)
 * @param spikes   spikes each neuron fired during this volume period
 * @param shiftVox the fish's rigid shift during this volume, voxels (x, y, z): what registration must recover
 */
public record FrameTruth(long frame, float[] trueDff, float[] calcium, int[] spikes, double[] shiftVox) {
}
