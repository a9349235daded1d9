package org.zaploop.load.report;

import java.util.List;
import java.util.Map;

import org.zaploop.load.measure.GcFigures;

/**
 * What a load run measured (the report's figures; the timelines for the charts travel apart, in
 * {@link Timelines}).
 *
 * @param scenario         traces, volumes, ephys or mixed
 * @param startedAt        ISO-8601 time the measurement began
 * @param settings         the run's parameters (rate, scale, durations, forecasters …) and the JVM's options
 * @param seconds          measured seconds (after the warm-up)
 * @param bounded          whether every consumer group's lag stayed bounded (steady run: over the run; ramp: at the
 *                         first step)
 * @param flows            throughput of each source and reader
 * @param latencies        end-to-end latency percentiles of each stream
 * @param lags             each consumer group's lag and verdict
 * @param gc               GC pauses during the measurement
 * @param ramp             the ramp's steps (empty for a steady run)
 * @param highestSustainableRate the highest ramp rate with bounded lag (null for a steady run, 0 if none held)
 * @param notes            what the reader should know (machine load, source falling behind …)
 */
public record LoadResult(String scenario, String startedAt, Map<String, Object> settings, double seconds,
                         boolean bounded, List<FlowFigures> flows, List<LatencyFigures> latencies,
                         List<GroupLag> lags, List<GcFigures> gc, List<RampStep> ramp, Double highestSustainableRate,
                         List<String> notes) {
}
