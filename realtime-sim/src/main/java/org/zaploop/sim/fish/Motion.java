package org.zaploop.sim.fish;

import java.util.SplittableRandom;

/**
 * The fish's movement over time, advanced once per volume: the rigid shift (the ground truth a registration
 * stage must recover) plus a smooth elastic displacement field. Motion is constant within a volume.
 */
public final class Motion {

    private final MotionParams params;
    private final SplittableRandom rng;
    private double dxUm;
    private double dyUm;
    private double dzUm;
    private double phaseX;
    private double phaseY;

    public Motion(MotionParams params, long seed) {
        this.params = params;
        this.rng = new SplittableRandom(seed);
        this.phaseX = rng.nextDouble(2 * Math.PI);
        this.phaseY = rng.nextDouble(2 * Math.PI);
    }

    /** Moves the fish on by one volume. */
    public void nextVolume() {
        double step = params.driftUmPerVolume();
        dxUm += gaussian() * step;
        dyUm += gaussian() * step;
        dzUm += gaussian() * step * 0.25;
        if (rng.nextDouble() < params.jumpProbability()) {
            dxUm += gaussian() * params.jumpUm();
            dyUm += gaussian() * params.jumpUm();
        }
        // Held in agarose: beyond the excursion limit the drift relaxes back.
        double limit = params.maxExcursionUm();
        dxUm = pullBack(dxUm, limit);
        dyUm = pullBack(dyUm, limit);
        dzUm = pullBack(dzUm, limit * 0.25);
        phaseX += 0.05;
        phaseY += 0.037;
    }

    private static double pullBack(double v, double limit) {
        return Math.abs(v) > limit ? v * 0.9 : v;
    }

    private double gaussian() {
        // Box–Muller; a handful of calls per volume, so allocation-free simplicity beats a table here.
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public double dxUm() {
        return dxUm;
    }

    public double dyUm() {
        return dyUm;
    }

    public double dzUm() {
        return dzUm;
    }

    /** Elastic displacement in x (µm) at a reference position (µm). */
    public double elasticXUm(double xUm, double yUm) {
        return params.elasticUm() * Math.sin(2 * Math.PI * yUm / params.elasticWavelengthUm() + phaseX);
    }

    /** Elastic displacement in y (µm) at a reference position (µm). */
    public double elasticYUm(double xUm, double yUm) {
        return params.elasticUm() * Math.sin(2 * Math.PI * xUm / params.elasticWavelengthUm() + phaseY);
    }
}
