package org.zaploop.controller.bench;

import java.util.Random;

/**
 * A simulated population for setpoint control: its mean ΔF/F relaxes with time constant {@code tauS} towards
 * {@code baseline(t) + gain × intensity}, plus process noise; the baseline drifts slowly (a sine of amplitude
 * {@code drift} and period {@code driftPeriodS}), and each neuron reads the mean plus its own noise. Pure Java,
 * seeded.
 */
public final class PopulationPlant {

    private final double tauS;
    private final double gain;
    private final double baseline;
    private final double drift;
    private final double driftPeriodS;
    private final double processSd;
    private final double neuronSd;
    private final Random rng;
    private double y;
    private double t;

    public PopulationPlant(double tauS, double gain, double baseline, double drift, double driftPeriodS,
                           double processSd, double neuronSd, long seed) {
        this.tauS = tauS;
        this.gain = gain;
        this.baseline = baseline;
        this.drift = drift;
        this.driftPeriodS = driftPeriodS;
        this.processSd = processSd;
        this.neuronSd = neuronSd;
        this.rng = new Random(seed);
        this.y = baseline;
    }

    /** The bench's standard plant: τ 3 s, gain 0.5 ΔF/F per unit intensity, baseline 0.05 ± 0.05 over 300 s. */
    public static PopulationPlant standard(long seed) {
        return new PopulationPlant(3.0, 0.5, 0.05, 0.05, 300, 0.01, 0.05, seed);
    }

    /** Advances by {@code dtS} under {@code intensity}; returns the new population mean. */
    public double step(double intensity, double dtS) {
        t += dtS;
        double target = baseline + drift * Math.sin(2 * Math.PI * t / driftPeriodS) + gain * intensity;
        double a = Math.exp(-dtS / tauS);
        y = target + (y - target) * a + processSd * Math.sqrt(dtS) * rng.nextGaussian();
        return y;
    }

    /** One noisy reading per neuron around the current mean. */
    public float[] read(int neurons) {
        float[] out = new float[neurons];
        for (int i = 0; i < neurons; i++) {
            out[i] = (float) (y + neuronSd * rng.nextGaussian());
        }
        return out;
    }

    public double mean() {
        return y;
    }
}
