package org.zaploop.sim.io;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses NeuroML 2 quantities such as {@code "-65mV"}, {@code "10 ms"}, {@code "0.2nS"} into the
 * simulator's units (mV, ms, nS, pF, pA, per ms, nS per mV). Throws IllegalArgumentException with
 * the offending text when the number or unit is not of the expected dimension.
 */
final class NeuroMlUnits {

    /** A physical dimension and the factor from each accepted unit to the simulator's unit. */
    enum Dim {
        VOLTAGE(Map.of("mV", 1.0, "V", 1e3, "uV", 1e-3)),
        TIME(Map.of("ms", 1.0, "s", 1e3, "us", 1e-3)),
        CONDUCTANCE(Map.of("nS", 1.0, "uS", 1e3, "mS", 1e6, "pS", 1e-3, "S", 1e9)),
        CAPACITANCE(Map.of("pF", 1.0, "nF", 1e3, "uF", 1e6, "F", 1e12)),
        CURRENT(Map.of("pA", 1.0, "nA", 1e3, "uA", 1e6, "A", 1e12)),
        PER_TIME(Map.of("per_ms", 1.0, "per_s", 1e-3, "Hz", 1e-3, "kHz", 1.0)),
        CONDUCTANCE_PER_VOLTAGE(Map.of("nS_per_mV", 1.0, "uS_per_mV", 1e3, "S_per_V", 1e6)),
        NONE(Map.of("", 1.0));

        final Map<String, Double> factor;

        Dim(Map<String, Double> factor) {
            this.factor = factor;
        }
    }

    private static final Pattern Q = Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([A-Za-z_]*)\\s*");

    private NeuroMlUnits() {
    }

    static double parse(String text, Dim dim) {
        Matcher m = Q.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number with a unit");
        }
        Double f = dim.factor.get(m.group(2));
        if (f == null) {
            throw new IllegalArgumentException("'" + text + "': unit '" + m.group(2) + "' is not a "
                    + dim.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " unit (expected one of "
                    + new java.util.TreeSet<>(dim.factor.keySet()) + ")");
        }
        return Double.parseDouble(m.group(1)) * f;
    }
}
