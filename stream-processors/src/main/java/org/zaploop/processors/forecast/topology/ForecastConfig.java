package org.zaploop.processors.forecast.topology;

import java.util.List;

/**
 * What the forecasting topology runs.
 *
 * @param context     frames of context C (ZAPBench: 4 or 256)
 * @param horizon     steps H (ZAPBench: 32)
 * @param forecasters forecaster specs for {@code ForecasterFactory} ({@code mean}, {@code last},
 *                    {@code condmean}, {@code linear}, {@code onnx:PATH}; {@code population} needs an offline fit
 *                    and answers with the context mean online)
 * @param learnStep   online linear learning uses one neuron in {@code learnStep} of each block per completed
 *                    window
 * @param refitFrames each block's online linear map is re-solved every this many learned frames (solved first
 *                    after {@code OnlineLinearForecaster.FIRST_FIT_FRAMES}, or this if fewer)
 * @param retireAfterMs wall-clock time without a trace block after which a session is retired: its context
 *                    windows, held forecasts and per-block learned state are freed (its scores stay)
 */
public record ForecastConfig(int context, int horizon, List<String> forecasters, int learnStep, int refitFrames,
                             long retireAfterMs) {

    /** A session is retired after this long without traces: 30 min, longer than any pause within an experiment. */
    public static final long DEFAULT_RETIRE_AFTER_MS = 30 * 60_000L;

    public ForecastConfig {
        if (context < 1 || horizon < 1 || learnStep < 1 || refitFrames < 1 || retireAfterMs < 1) {
            throw new IllegalArgumentException("invalid forecast config");
        }
        forecasters = List.copyOf(forecasters);
        if (forecasters.isEmpty()) {
            throw new IllegalArgumentException("at least one forecaster is needed");
        }
    }

    public ForecastConfig(int context, int horizon, List<String> forecasters, int learnStep, int refitFrames) {
        this(context, horizon, forecasters, learnStep, refitFrames, DEFAULT_RETIRE_AFTER_MS);
    }

    public static ForecastConfig defaults(int context) {
        return new ForecastConfig(context, 32, List.of("mean", "last", "condmean", "linear"), 16, 64);
    }

    public ForecastConfig withRetireAfterMs(long ms) {
        return new ForecastConfig(context, horizon, forecasters, learnStep, refitFrames, ms);
    }

    /** The retirement time in words for the log ("30 min", "90 s"). */
    String retireAfterText() {
        return retireAfterMs % 60_000 == 0 ? retireAfterMs / 60_000 + " min" : retireAfterMs / 1000.0 + " s";
    }

    /** How often the processors look for sessions to retire: a minute, or the retirement time if shorter. */
    long retireCheckMs() {
        return Math.min(60_000L, retireAfterMs);
    }
}
