package org.zaploop.sim.twin;

import org.zaploop.sim.fish.CalciumIndicator;

/**
 * The twin's view of its own neurons as the microscope would see them: spikes → calcium ({@link CalciumIndicator})
 * → fluorescence F = 1 + ΔF/F_true → ΔF/F against a causal baseline, so that simulated and measured ΔF/F are
 * comparable. The imaging processor's baseline is a low percentile of a trailing window; here it is an asymmetric
 * exponential follower (fast down, slow up), which settles near the low values the same way at O(1) per neuron.
 * Clipped to [−0.25, 1.5] as ZAPBench clips. Reads and writes no topic; not thread-safe.
 */
final class SimulatedDff {

    static final float MIN_DFF = -0.25f;
    static final float MAX_DFF = 1.5f;

    private final CalciumIndicator indicator;
    private final float[] trueDff;
    private final float[] baseline;
    private final float rise;
    private final float fall;
    /** F0 = 1: ΔF/F against no calcium, as a simulator's ground truth is. */
    private final boolean fixedBaseline;
    private boolean started;

    SimulatedDff(TwinParams p, int neurons) {
        this.indicator = new CalciumIndicator(p.indicator(), neurons);
        this.trueDff = new float[neurons];
        this.baseline = new float[neurons];
        this.fixedBaseline = p.baselineRiseFrames() == 0;
        this.rise = fixedBaseline ? 0f : (float) (1 - Math.exp(-1 / p.baselineRiseFrames()));
        this.fall = fixedBaseline ? 0f : (float) (1 - Math.exp(-1 / p.baselineFallFrames()));
    }

    /** Advances the calcium by {@code dtS} with the spikes each neuron fired meanwhile. */
    void step(double dtS, int[] spikes) {
        indicator.step(dtS, spikes);
    }

    /** Writes each neuron's ΔF/F at the end of a frame into {@code dest} and moves the baseline one frame on. */
    void frame(float[] dest) {
        indicator.trueDff(trueDff);
        final float[] b = baseline;
        if (fixedBaseline) {
            for (int i = 0; i < trueDff.length; i++) {
                dest[i] = Math.max(MIN_DFF, Math.min(MAX_DFF, trueDff[i]));
            }
            return;
        }
        final boolean first = !started;
        // ΔF/F = (F − F0) / F0 with F = 1 + trueDff; F0 follows F down quickly and up slowly
        for (int i = 0; i < trueDff.length; i++) {
            float f = 1 + trueDff[i];
            float f0 = first ? f : b[i] + (f < b[i] ? fall : rise) * (f - b[i]);
            b[i] = f0;
            dest[i] = Math.max(MIN_DFF, Math.min(MAX_DFF, (f - f0) / f0));
        }
        started = true;
    }

    void copyTo(SimulatedDff other) {
        indicator.copyStateTo(other.indicator);
        System.arraycopy(baseline, 0, other.baseline, 0, baseline.length);
        other.started = started;
    }
}
