package org.zaploop.processors.behavior;

/**
 * Parameters of {@link SwimDetector}, in physical units (seconds, hertz) so one config serves every sample rate.
 *
 * @param leftChannel  channel index of the left tail (motor nerve) signal (ZAPBench layout: 0)
 * @param rightChannel channel index of the right tail signal (ZAPBench layout: 1)
 * @param highPassHz   cutoff of the second-order Butterworth high-pass that removes the slow component
 * @param windowS      length of the sliding window whose standard deviation is the swim power (Ahrens et al.
 *                     2012: about 10 ms)
 * @param onK          bout onset threshold, in noise spreads above the noise floor
 * @param offK         bout offset threshold (hysteresis, below {@code onK}); also where an onset is dated back to
 * @param hangS        power must stay below the offset threshold this long for a bout to end (bursts alternate
 *                     between the sides, leaving short dips)
 * @param noiseTauS    time constant of the running noise-floor estimate
 * @param warmupS      power collected before the noise floor is first seeded (exact quantiles of the warm-up)
 */
public record SwimConfig(int leftChannel, int rightChannel, double highPassHz, double windowS, double onK,
                         double offK, double hangS, double noiseTauS, double warmupS) {

    public SwimConfig {
        if (leftChannel < 0 || rightChannel < 0 || leftChannel == rightChannel) {
            throw new IllegalArgumentException("left and right channels must be distinct and >= 0");
        }
        if (!(highPassHz > 0) || !(windowS > 0) || !(offK > 0) || !(onK > offK) || !(hangS >= 0)
                || !(noiseTauS > 0) || !(warmupS > 0)) {
            throw new IllegalArgumentException("invalid swim config " + this);
        }
    }

    /** The ZAPBench / virtual-fish layout (ch0 left, ch1 right) with the defaults the tests were tuned on. */
    public static SwimConfig defaults() {
        return new SwimConfig(0, 1, 150, 0.010, 5.0, 2.0, 0.050, 2.0, 0.2);
    }

    /** The highest channel index this config reads. */
    public int maxChannel() {
        return Math.max(leftChannel, rightChannel);
    }
}
