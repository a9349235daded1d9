package org.zaploop.load.measure;

/**
 * Whether a consumer group kept up over a window (see {@link Boundedness}).
 *
 * @param bounded        the group kept up
 * @param inputPerSecond records per second arriving on its partitions over the window
 * @param growth         rise of its lag's floor from the window's third to its fourth quarter, as a fraction of the
 *                       input arriving in between (0.1 = falls behind by a tenth of what arrives)
 * @param lagSeconds     its lag's floor over the window's last quarter, in seconds of input
 * @param reason         in words, why it is or is not bounded
 */
public record LagVerdict(boolean bounded, double inputPerSecond, double growth, double lagSeconds, String reason) {
}
