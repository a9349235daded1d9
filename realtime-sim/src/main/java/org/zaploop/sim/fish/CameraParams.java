package org.zaploop.sim.fish;

/**
 * The light-sheet camera and optics: nucleus size, brightness, background and noise.
 *
 * @param nucleusRadiusUm  radius of a nucleus in x and y (it images as a uniformly bright disc of this radius)
 * @param axialSigmaUm     axial spread of a nucleus' image (light-sheet thickness and nucleus size)
 * @param meanBrightness   mean resting photons per voxel at a nucleus' centre
 * @param brightnessCv     coefficient of variation of resting brightness across neurons (log-normal)
 * @param background       background photons per voxel (tissue autofluorescence, scattered light)
 * @param gain             camera counts per photon
 * @param offset           camera counts added to every pixel (dark offset)
 * @param readNoise        read noise SD, counts
 * @param shotNoise        whether photon shot noise is applied (off for noiseless ground-truth renders)
 */
public record CameraParams(double nucleusRadiusUm, double axialSigmaUm, double meanBrightness, double brightnessCv,
                           double background, double gain, double offset, double readNoise, boolean shotNoise) {

    public CameraParams {
        if (!(nucleusRadiusUm > 0) || !(axialSigmaUm > 0)) {
            throw new IllegalArgumentException("nucleus size must be positive");
        }
        if (!(meanBrightness > 0) || brightnessCv < 0 || background < 0 || !(gain > 0) || offset < 0 || readNoise < 0) {
            throw new IllegalArgumentException("camera brightness, gain and noise must be non-negative (gain positive)");
        }
    }

    /** The default: bright nuclei over a dim background, sCMOS-like noise. */
    public static CameraParams typical() {
        return new CameraParams(3.0, 2.5, 400, 0.3, 60, 1.0, 100, 2.0, true);
    }

    public CameraParams noiseless() {
        return new CameraParams(nucleusRadiusUm, axialSigmaUm, meanBrightness, brightnessCv, background, gain, offset,
                0, false);
    }
}
