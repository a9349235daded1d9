package org.zaploop.sim.twin;

/**
 * What the twin reports for one measured frame: per region, how far its simulated ΔF/F was from the measured one
 * (the root mean square over the region's measured neurons, before this frame's measurement nudged it: a one-frame
 * prediction error; NaN when the region had no measured neuron this frame), the two region means, and per
 * population the firing rate over the last frame and the mean simulated ΔF/F. Arrays are the twin's: copy what you
 * keep beyond the next frame.
 *
 * @param frame            the measured frame
 * @param simTimeS         the twin's simulated time at the frame, s since it started
 * @param trackingError    RMS(measured − simulated ΔF/F) per region
 * @param measuredMean     mean measured ΔF/F per region (NaN without measured neurons)
 * @param simulatedMean    mean simulated ΔF/F per region over the same neurons
 * @param populationRateHz firing rate per population over the frame before, Hz
 * @param populationDff    mean simulated ΔF/F per population at the frame
 * @param realTimeFactor   simulated seconds per wall second of the step that followed the measurement
 */
public record TwinFrame(long frame, double simTimeS, float[] trackingError, float[] measuredMean,
                        float[] simulatedMean, float[] populationRateHz, float[] populationDff, double realTimeFactor) {

    /** RMS tracking error over all measured neurons (regions weighted by their measured neurons). */
    public double overallError(RegionMap map) {
        double sum = 0;
        long n = 0;
        for (int r = 0; r < trackingError.length; r++) {
            if (!Float.isNaN(trackingError[r])) {
                sum += (double) trackingError[r] * trackingError[r] * map.measuredIn(r);
                n += map.measuredIn(r);
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }
}
