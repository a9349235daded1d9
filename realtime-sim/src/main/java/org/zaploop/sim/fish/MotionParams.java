package org.zaploop.sim.fish;

/**
 * How the virtual fish moves under the microscope: a slow rigid drift, sudden rigid jumps (a twitch), and a
 * smooth elastic deformation of the brain. All in µm so they mean the same at every scale.
 *
 * @param driftUmPerVolume  SD of the rigid random-walk step per volume in x and y (z: a quarter of it)
 * @param jumpProbability   chance per volume of a sudden rigid jump
 * @param jumpUm            SD of a jump in x and y
 * @param elasticUm         amplitude of the smooth deformation field
 * @param elasticWavelengthUm spatial wavelength of the deformation
 * @param maxExcursionUm    the drift is pulled back beyond this (the fish is held in agarose)
 */
public record MotionParams(double driftUmPerVolume, double jumpProbability, double jumpUm, double elasticUm,
                           double elasticWavelengthUm, double maxExcursionUm) {

    public MotionParams {
        if (driftUmPerVolume < 0 || jumpUm < 0 || elasticUm < 0 || maxExcursionUm < 0) {
            throw new IllegalArgumentException("motion amplitudes must be non-negative");
        }
        if (jumpProbability < 0 || jumpProbability > 1) {
            throw new IllegalArgumentException("jump probability must be in [0, 1], got " + jumpProbability);
        }
        if (!(elasticWavelengthUm > 0)) {
            throw new IllegalArgumentException("elastic wavelength must be positive");
        }
    }

    /** A fish that does not move: for tests that isolate other effects. */
    public static MotionParams none() {
        return new MotionParams(0, 0, 0, 0, 200, 0);
    }

    /** The default: sub-micrometre drift, a jump about every 5 minutes, 1 µm elastic wobble. */
    public static MotionParams typical() {
        return new MotionParams(0.15, 0.003, 3.0, 1.0, 250, 12);
    }
}
