package org.zaploop.load.report;

/**
 * Throughput of one flow of records (what a source sent, or what a reader read back) over a run.
 *
 * @param flow             in words, with the topic ("trace blocks sent to zl.traces")
 * @param records          records
 * @param recordsPerSecond records per second
 * @param mbPerSecond      payload MB (10^6 bytes) per second
 */
public record FlowFigures(String flow, long records, double recordsPerSecond, double mbPerSecond) {
}
