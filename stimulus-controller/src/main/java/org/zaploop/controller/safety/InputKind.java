package org.zaploop.controller.safety;

/**
 * The kinds of input a policy may rest on, each with its own maximum age in {@link SafetyLimits}: behaviour
 * ({@code zl.behavior}, every few ms) and imaging-derived inputs ({@code zl.traces}, {@code zl.forecasts}, once a
 * volume, about 0.9 s).
 */
public enum InputKind {
    BEHAVIOR,
    TRACES,
    FORECASTS
}
