package org.zaploop.processors.forecast.topology;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsConfig;

import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.processors.streams.StreamsRunner;
import org.zaploop.processors.streams.SessionRetirement;

/**
 * Runs {@link ForecastTopology} (zl.traces + zl.rig.events + other forecasters' zl.forecasts → zl.forecasts,
 * zl.forecast.scores, DLQ) as its own Streams application, application id {@code zaploop-forecast}; by default
 * exactly_once_v2 (replayed data). For the live loop pass {@code RunnerConfig.fast(..)}. {@code status()} adds
 * the topology's counters and the running MAE one and 32 frames ahead ({@code mae1}, {@code mae32}); the meters
 * add {@code zaploop.forecast.mae}.
 */
public final class ForecastRunner extends StreamsRunner {

    /** Both cores of the rig's machine: the 12 partitions of zl.traces spread their neuron blocks over them. */
    public static final int STREAM_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

    private final ForecastCounters counters;

    public ForecastRunner() {
        this(RunnerConfig.exactlyOnce("zaploop-forecast").withThreads(STREAM_THREADS), ForecastConfig.defaults(4)
                .withRetireAfterMs(SessionRetirement.afterMs(ForecastConfig.DEFAULT_RETIRE_AFTER_MS)));
    }

    public ForecastRunner(RunnerConfig config, ForecastConfig forecast) {
        this(config, forecast, new ForecastCounters());
    }

    private ForecastRunner(RunnerConfig config, ForecastConfig forecast, ForecastCounters counters) {
        super("forecast", b -> ForecastTopology.addTo(b, forecast, counters), neverIdle(config));
        this.counters = counters;
    }

    /**
     * zl.traces and zl.forecasts reach the same task, and this application keeps writing to zl.forecasts: by default
     * a task would hold back a trace block until the forecasts known to be on the broker are fetched. The external
     * scoring takes traces and forecasts in either order, so trace blocks go straight on (−1: never wait).
     */
    private static RunnerConfig neverIdle(RunnerConfig config) {
        Map<String, String> o = new HashMap<>();
        o.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        o.putAll(config.overrides());
        return config.withOverrides(o);
    }

    /** Starts as {@link StreamsRunner#start(String, MeterRegistry)} and adds the {@code zaploop.forecast.mae} gauges. */
    @Override
    public synchronized void start(String bootstrap, MeterRegistry meters) {
        super.start(bootstrap, meters);
        counters.scores.bind(meters);
    }

    @Override
    protected java.util.Map<String, org.zaploop.processors.streams.StageLatency> stageLatencies() {
        return java.util.Map.of("forecast", counters.forecastLatency);
    }

    public ForecastCounters counters() {
        return counters;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = super.status();
        m.putAll(counters.snapshot());
        return m;
    }
}
