package org.zaploop.load.measure;

/**
 * One sampling interval of a latency stream.
 *
 * @param tSeconds seconds since the measurement began, at the end of the interval
 * @param count    values recorded in the interval
 * @param p50Ms    median of the interval, ms (0 when empty)
 * @param p99Ms    99th percentile of the interval, ms
 * @param maxMs    largest value of the interval, ms
 */
public record LatencyPoint(double tSeconds, long count, double p50Ms, double p99Ms, double maxMs) {
}
