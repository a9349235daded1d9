package org.zaploop.load.measure;

/**
 * One collector's work during a run.
 *
 * @param collector  the collector's MXBean name
 * @param count      collections (pauses, for a stop-the-world collector)
 * @param totalMs    their summed duration, ms (0 for a concurrent collector: it does not stop the application)
 * @param p99Ms      99th percentile pause, ms
 * @param maxMs      longest pause, ms
 * @param concurrent true for a collector that runs beside the application (its cycles are counted, not timed)
 */
public record GcFigures(String collector, long count, long totalMs, long p99Ms, long maxMs, boolean concurrent) {
}
