package org.zaploop.controller.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.zaploop.protocol.records.Stimulus;

/**
 * Clamps a proposed stimulus's parameters into the envelope of {@link SafetyLimits}: intensity, velocity, gain,
 * pulse duration. A clamp is not a refusal: the command goes out with the clamped value and the audit record says
 * what was asked and what was sent. Reads and writes no topic.
 */
public final class Bounds {

    /**
     * @param params the parameters to send
     * @param rules  the rules that clamped something (empty when nothing changed)
     * @param notes  one "asked → sent" note per clamp
     */
    public record Clamped(Map<String, Double> params, List<String> rules, List<String> notes) {
        public boolean changed() {
            return !rules.isEmpty();
        }
    }

    private final SafetyLimits limits;

    public Bounds(SafetyLimits limits) {
        this.limits = limits;
    }

    public Clamped apply(Stimulus stimulus, Map<String, Double> params) {
        TreeMap<String, Double> out = new TreeMap<>(params);
        List<String> rules = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double maxI = stimulus == Stimulus.PHOTOSTIM ? limits.maxPhotostimIntensity() : limits.maxIntensity();
        clamp(out, "intensity", 0, maxI, Rules.MAX_INTENSITY, rules, notes);
        clamp(out, "velocity", -limits.maxVelocityMmS(), limits.maxVelocityMmS(), Rules.MAX_VELOCITY, rules, notes);
        clamp(out, "gain", limits.minGain(), limits.maxGain(), Rules.GAIN_RANGE, rules, notes);
        clamp(out, "durationS", 0, limits.maxPulseS(), Rules.MAX_PULSE, rules, notes);
        return new Clamped(out, List.copyOf(rules), List.copyOf(notes));
    }

    private static void clamp(Map<String, Double> p, String key, double min, double max, String rule,
                              List<String> rules, List<String> notes) {
        Double v = p.get(key);
        if (v == null) {
            return;
        }
        double c = Math.max(min, Math.min(max, v));
        if (c != v) {
            p.put(key, c);
            if (!rules.contains(rule)) {
                rules.add(rule);
            }
            notes.add(key + " asked " + v + ", sent " + c + " (limit [" + min + ", " + max + "])");
        }
    }
}
