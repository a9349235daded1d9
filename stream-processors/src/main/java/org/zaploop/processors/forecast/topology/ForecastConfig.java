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
 * @param refitFrames the linear map is re-solved every this many frames of a processor's first block
 */
public record ForecastConfig(int context, int horizon, List<String> forecasters, int learnStep, int refitFrames) {

    public ForecastConfig {
        if (context < 1 || horizon < 1 || learnStep < 1 || refitFrames < 1) {
            throw new IllegalArgumentException("invalid forecast config");
        }
        forecasters = List.copyOf(forecasters);
        if (forecasters.isEmpty()) {
            throw new IllegalArgumentException("at least one forecaster is needed");
        }
    }

    public static ForecastConfig defaults(int context) {
        return new ForecastConfig(context, 32, List.of("mean", "last", "condmean", "linear"), 16, 64);
    }
}
