package org.zaploop.load.measure;

/**
 * Whether a consumer group kept up over a window (see {@link Boundedness}).
 *
 * @param bounded        the group kept up
 * @param inputPerSecond records per second arriving on its partitions over the window
 * @param growth         least-squares slope of its lag over the window's second half, as a fraction of the input
 *                       rate (0.1 = falls behind by a tenth of what arrives)
 * @param lagSeconds     its lag at the end of the window, in seconds of input
 * @param reason         in words, why it is or is not bounded
 */
public record LagVerdict(boolean bounded, double inputPerSecond, double growth, double lagSeconds, String reason) {
}
