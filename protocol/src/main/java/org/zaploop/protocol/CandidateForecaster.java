package org.zaploop.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.zaploop.protocol.records.Stimulus;

/**
 * The name of a forecast on {@code zl.forecasts} that predicts the response to a candidate stimulus: the digital
 * twin simulates the candidate on a copy of its state and publishes the ΔF/F it predicts under the forecaster name
 * {@code mpc.<STIMULUS>} or {@code mpc.<STIMULUS>.<param>.<value>} (e.g. {@code mpc.PHOTOSTIM.intensity.0.5}); a
 * model-predictive controller policy reads the stimulus back from the name. One numeric parameter at most, the
 * value in plain decimal (no exponent).
 *
 * @param stimulus the candidate stimulus
 * @param param    its one parameter, or null
 * @param value    the parameter's value (0 when there is none)
 */
public record CandidateForecaster(Stimulus stimulus, String param, double value) {

    public static final String PREFIX = "mpc.";

    public CandidateForecaster {
        if (stimulus == null) {
            throw new IllegalArgumentException("a candidate needs a stimulus");
        }
        if (param != null && !param.matches("[A-Za-z][A-Za-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("candidate parameter name must be a word, got '" + param + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("candidate parameter value must be finite, got " + value);
        }
        Names.require("forecaster", name(stimulus, param, value));
    }

    private static String name(Stimulus s, String param, double value) {
        return param == null ? PREFIX + s.name()
                : PREFIX + s.name() + "." + param + "."
                        + BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The forecaster name on {@code zl.forecasts}. */
    public String forecaster() {
        return name(stimulus, param, value);
    }

    /** The stimulus parameters the candidate stands for. */
    public Map<String, Double> params() {
        return param == null ? Map.of() : Map.of(param, value);
    }

    /**
     * The candidate a forecaster name stands for; empty for other forecasters.
     *
     * @throws IllegalArgumentException for a name with the prefix that is not a candidate
     */
    public static Optional<CandidateForecaster> parse(String forecaster) {
        if (!forecaster.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = forecaster.substring(PREFIX.length()).split("\\.", 3);
        try {
            Stimulus s = Stimulus.valueOf(parts[0]);
            if (parts.length == 1) {
                return Optional.of(new CandidateForecaster(s, null, 0));
            }
            if (parts.length == 3) {
                return Optional.of(new CandidateForecaster(s, parts[1], Double.parseDouble(parts[2])));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + forecaster + "' is not a candidate forecaster: " + e.getMessage(),
                    e);
        }
        throw new IllegalArgumentException("'" + forecaster + "' is not a candidate forecaster: expected "
                + PREFIX + "STIMULUS or " + PREFIX + "STIMULUS.param.value");
    }

    /**
     * A list as an operator writes it: {@code OFF,PHOTOSTIM:intensity=0.5,PHOTOSTIM:intensity=1}.
     *
     * @throws IllegalArgumentException naming the entry that is not a candidate
     */
    public static List<CandidateForecaster> parseList(String spec) {
        List<CandidateForecaster> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String item : spec.split(",")) {
            String t = item.trim();
            int colon = t.indexOf(':');
            try {
                if (colon < 0) {
                    out.add(new CandidateForecaster(Stimulus.valueOf(t.toUpperCase(Locale.ROOT)), null, 0));
                    continue;
                }
                String[] kv = t.substring(colon + 1).split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected param=value after ':'");
                }
                out.add(new CandidateForecaster(Stimulus.valueOf(t.substring(0, colon).toUpperCase(Locale.ROOT)),
                        kv[0], Double.parseDouble(kv[1])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("candidate '" + t + "': " + e.getMessage(), e);
            }
        }
        return out;
    }
}
