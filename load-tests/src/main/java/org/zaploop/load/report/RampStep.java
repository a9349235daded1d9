package org.zaploop.load.report;

/**
 * One step of a ramp.
 *
 * @param rate       the rate of the step, × ZAPBench real time
 * @param fromS      its start, seconds since the measurement began
 * @param toS        its end
 * @param bounded    whether every consumer group's lag stayed bounded over the step
 * @param verdict    the worst group and why (all groups bounded: the largest growth)
 * @param latencyP99Ms the main stream's 99th percentile latency over the step, ms
 */
public record RampStep(double rate, double fromS, double toS, boolean bounded, String verdict, double latencyP99Ms) {
}
