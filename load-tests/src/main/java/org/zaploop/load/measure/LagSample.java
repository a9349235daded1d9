package org.zaploop.load.measure;

/**
 * A consumer group's lag at one moment.
 *
 * @param tSeconds   seconds since the measurement began
 * @param lag        records behind: the sum over its partitions of (last stable offset − committed offset)
 * @param endOffsets sum of the last stable offsets of those partitions (its growth is the group's input rate)
 */
public record LagSample(double tSeconds, long lag, long endOffsets) {
}
