package org.zaploop.load.report;

import java.util.List;
import java.util.Map;

import org.zaploop.load.measure.LagSample;
import org.zaploop.load.measure.LatencyPoint;

/**
 * The per-second series a run's charts are drawn from.
 *
 * @param latency latency points per stream
 * @param lag     lag samples per consumer group
 * @param markers vertical markers (ramp steps), may be empty
 */
public record Timelines(Map<String, List<LatencyPoint>> latency, Map<String, List<LagSample>> lag,
                        List<Chart.Marker> markers) {
}
