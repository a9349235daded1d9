package org.zaploop.sim.fish;

/**
 * A nuclear GCaMP-like calcium indicator for every neuron: spikes raise calcium with a rise time and it
 * decays exponentially; fluorescence saturates with calcium (Hill coefficient 1) and each neuron's resting
 * brightness bleaches slowly.
 *
 * <p>Calcium is the difference of two exponentials (rise τr, decay τd) driven by spike counts, integrated
 * exactly per step; ΔF/F_true = ΔFmax · c / (c + Kd). This is the ground-truth ΔF/F other stages are scored
 * against; the camera adds optics and noise on top of {@code F = F0 · bleach(t) · (1 + ΔF/F)}.
 *
 * @see Params
 */
public final class CalciumIndicator {

    /**
     * @param riseS          rise time constant, s (nuclear GCaMP6s: about 0.2 s)
     * @param decayS         decay time constant, s (nuclear GCaMP6s: about 1.5–3 s)
     * @param perSpike       calcium added per spike (arbitrary units; Kd is in the same units)
     * @param kd             half-saturation calcium
     * @param dffMax         ΔF/F at saturation
     * @param bleachTauS     fluorescence bleaching time constant, s (0: no bleaching)
     */
    public record Params(double riseS, double decayS, double perSpike, double kd, double dffMax, double bleachTauS) {
        public Params {
            if (!(riseS > 0) || !(decayS > riseS)) {
                throw new IllegalArgumentException("indicator needs 0 < rise < decay, got rise " + riseS + " s, decay " + decayS + " s");
            }
            if (!(perSpike > 0) || !(kd > 0) || !(dffMax > 0) || bleachTauS < 0) {
                throw new IllegalArgumentException("indicator amplitudes must be positive and bleaching non-negative");
            }
        }

        /** Nuclear GCaMP6s-like defaults, bleaching to about 80 % over a two-hour session. */
        public static Params nuclearGcamp() {
            return new Params(0.2, 2.0, 1.0, 4.0, 1.2, 30_000);
        }
    }

    private final Params params;
    private final float[] rise;
    private final float[] decay;
    private double timeS;

    public CalciumIndicator(Params params, int neurons) {
        this.params = params;
        this.rise = new float[neurons];
        this.decay = new float[neurons];
    }

    /**
     * Advances every neuron by {@code dtS}, adding the spikes each fired during the step.
     *
     * @param spikes spike count per neuron in this step (not modified)
     */
    public void step(double dtS, int[] spikes) {
        float kr = (float) Math.exp(-dtS / params.riseS());
        float kd = (float) Math.exp(-dtS / params.decayS());
        float add = (float) params.perSpike();
        // Both exponentials decay exactly over dt, then each spike adds to both (their difference rises, then falls).
        for (int i = 0; i < rise.length; i++) {
            float s = spikes[i] * add;
            rise[i] = rise[i] * kr + s;
            decay[i] = decay[i] * kd + s;
        }
        timeS += dtS;
    }

    /** Writes the true ΔF/F of every neuron into {@code dest} (caller-owned, length = neurons). */
    public void trueDff(float[] dest) {
        float kd = (float) params.kd();
        float max = (float) params.dffMax();
        // c = decay − rise ≥ 0; Hill-1 saturation.
        for (int i = 0; i < rise.length; i++) {
            float c = Math.max(0f, decay[i] - rise[i]);
            dest[i] = max * c / (c + kd);
        }
    }

    /** Writes every neuron's calcium (indicator-bound, arbitrary units) into {@code dest}. */
    public void calcium(float[] dest) {
        for (int i = 0; i < rise.length; i++) {
            dest[i] = Math.max(0f, decay[i] - rise[i]);
        }
    }

    /** Multiplicative brightness left after bleaching at the current time (1 at the start). */
    public double bleachFactor() {
        return params.bleachTauS() == 0 ? 1.0 : Math.exp(-timeS / params.bleachTauS());
    }

    public double timeS() {
        return timeS;
    }

    public int neurons() {
        return rise.length;
    }

    /** Copies the indicator state (for a twin that simulates ahead from the current state). */
    public void copyStateTo(CalciumIndicator other) {
        System.arraycopy(rise, 0, other.rise, 0, rise.length);
        System.arraycopy(decay, 0, other.decay, 0, decay.length);
        other.timeS = timeS;
    }
}
