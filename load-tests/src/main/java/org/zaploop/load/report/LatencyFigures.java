package org.zaploop.load.report;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency stream over a run, ms.
 *
 * @param stream what is timed, in words ("acquisition → forecast read back")
 * @param count  values
 */
public record LatencyFigures(String stream, long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
                             double maxMs) {

    public static LatencyFigures of(String stream, Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LatencyFigures(stream, 0, 0, 0, 0, 0, 0);
        }
        return new LatencyFigures(stream, h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    private static double ms(long ns) {
        return Math.round(ns / 1e4) / 100.0;
    }
}
