package org.zaploop.controller.policy;

import java.util.List;
import java.util.Map;

/**
 * The policies by name, for configuration: {@code optomotor} (default), {@code playback},
 * {@code forecast-trigger}, {@code setpoint}, {@code adaptive-search}. Params are {@code name=value} text; unknown
 * names are an error. A new policy is one class plus one line here.
 */
public final class Policies {

    public static final String DEFAULT = OptomotorPolicy.NAME;
    public static final List<String> NAMES = List.of(OptomotorPolicy.NAME, PlaybackPolicy.NAME,
            ForecastTriggerPolicy.NAME, SetpointPolicy.NAME, AdaptiveSearchPolicy.NAME, MpcPolicy.NAME);

    /** Short names accepted as well: {@code search} for {@code adaptive-search}. */
    public static final Map<String, String> ALIASES = Map.of("search", AdaptiveSearchPolicy.NAME);

    private Policies() {
    }

    public static Policy create(String name, Map<String, String> params) {
        PolicyParams p = new PolicyParams(params);
        return switch (name == null ? DEFAULT : ALIASES.getOrDefault(name, name)) {
            case OptomotorPolicy.NAME -> new OptomotorPolicy(p);
            case PlaybackPolicy.NAME -> new PlaybackPolicy(p);
            case ForecastTriggerPolicy.NAME -> new ForecastTriggerPolicy(p);
            case SetpointPolicy.NAME -> new SetpointPolicy(p);
            case AdaptiveSearchPolicy.NAME -> new AdaptiveSearchPolicy(p);
            case MpcPolicy.NAME -> new MpcPolicy(p);
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'; known: " + NAMES + " (or "
                    + String.join(", ", ALIASES.keySet()) + ")");
        };
    }
}
