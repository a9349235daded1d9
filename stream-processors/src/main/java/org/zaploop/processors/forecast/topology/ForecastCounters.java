package org.zaploop.processors.forecast.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counters of the forecasting topology, shared by its processor instances; {@code processNanos} is a histogram
 * of the time from a trace block's arrival at the processor to its forecasts being forwarded (all forecasters).
 * Reads and writes no topic or store.
 */
public final class ForecastCounters {
    public final AtomicLong traceBlocks = new AtomicLong();
    /** Age of a trace block's data when its forecasts go out. */
    public final org.zaploop.processors.streams.StageLatency forecastLatency = new org.zaploop.processors.streams.StageLatency();
    public final AtomicLong forecasts = new AtomicLong();
    public final AtomicLong stale = new AtomicLong();
    public final AtomicLong gaps = new AtomicLong();
    public final AtomicLong shapeChanges = new AtomicLong();
    public final AtomicLong scoresPublished = new AtomicLong();
    public final AtomicLong linearRefits = new AtomicLong();
    /** Neuron blocks whose forecasting state was freed because their session sent no traces for a long time. */
    public final AtomicLong retiredBlocks = new AtomicLong();
    public final AtomicLong malformedRigEvents = new AtomicLong();
    /** Forecast blocks other components (the twin) published to zl.forecasts, scored here too. */
    public final AtomicLong externalForecasts = new AtomicLong();
    /** External forecast × target frame pairs scored. */
    public final AtomicLong externalTargetsScored = new AtomicLong();
    /**
     * External forecast × target frame pairs not scored: the forecast came after its target left the window, or
     * its neurons differ from the trace block's.
     */
    public final AtomicLong externalTargetsUnscored = new AtomicLong();
    /** Held external forecasts dropped because their block's traces stopped or lag far behind. */
    public final AtomicLong externalEvicted = new AtomicLong();
    public final Histogram processNanos = new ConcurrentHistogram(3_600_000_000_000L, 3);
    /** The latest running MAE per forecaster and condition; logs a summary at most every 30 s. */
    public final ScoreBoard scores = new ScoreBoard(30_000, linearRefits::get);

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("traceBlocks", traceBlocks.get());
        m.put("forecasts", forecasts.get());
        m.put("stale", stale.get());
        m.put("gaps", gaps.get());
        m.put("shapeChanges", shapeChanges.get());
        m.put("scoresPublished", scoresPublished.get());
        m.put("linearRefits", linearRefits.get());
        m.put("retiredBlocks", retiredBlocks.get());
        m.put("malformedRigEvents", malformedRigEvents.get());
        m.put("externalForecasts", externalForecasts.get());
        m.put("externalTargetsScored", externalTargetsScored.get());
        m.put("externalTargetsUnscored", externalTargetsUnscored.get());
        m.put("externalEvicted", externalEvicted.get());
        m.put("blockProcessP50Ms", processNanos.getValueAtPercentile(50) / 1e6);
        m.put("blockProcessP99Ms", processNanos.getValueAtPercentile(99) / 1e6);
        m.put("mae1", scores.line(1));
        m.put("mae32", scores.line(32));
        return m;
    }
}
