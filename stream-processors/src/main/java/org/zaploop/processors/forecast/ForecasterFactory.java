package org.zaploop.processors.forecast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.zaploop.processors.forecast.onnx.OnnxForecaster;

/**
 * Builds forecasters by name: {@code mean}, {@code last}, {@code condmean}, {@code linear}, {@code population},
 * and {@code onnx:PATH} (an ONNX model following {@link OnnxForecaster}'s contract, named {@code onnx}).
 * Reads and writes no topic or store.
 */
public final class ForecasterFactory {

    public static final List<String> KNOWN = List.of("mean", "last", "condmean", "linear", "population", "onnx:PATH");

    private ForecasterFactory() {
    }

    public static Forecaster create(String spec, int context, int horizon) {
        String s = spec.trim();
        switch (s) {
            case "mean":
                return new MeanForecaster(context, horizon);
            case "last":
                return new LastValueForecaster(context, horizon);
            case "condmean":
                return new ConditionMeanForecaster(context, horizon);
            case "linear":
                return new LinearForecaster(context, horizon);
            case "population":
                return new PopulationForecaster(context, horizon);
            default:
                if (s.startsWith("onnx:")) {
                    try {
                        return new OnnxForecaster("onnx", Files.readAllBytes(Path.of(s.substring(5))), context,
                                horizon);
                    } catch (IOException | ai.onnxruntime.OrtException e) {
                        throw new IllegalArgumentException("cannot load ONNX model " + s.substring(5) + ": "
                                + e.getMessage(), e);
                    }
                }
                throw new IllegalArgumentException("unknown forecaster '" + s + "'; known: " + KNOWN);
        }
    }

    /** The name the forecaster built from {@code spec} publishes under, without building it. */
    public static String name(String spec) {
        String s = spec.trim();
        return s.startsWith("onnx:") ? "onnx" : s;
    }

    public static List<Forecaster> create(List<String> specs, int context, int horizon) {
        List<Forecaster> out = new ArrayList<>();
        for (String s : specs) {
            out.add(create(s, context, horizon));
        }
        return out;
    }
}
