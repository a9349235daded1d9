package org.zaploop.controller.safety;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.zaploop.protocol.records.Stimulus;

/**
 * Every limit of the safety envelope, applied after every policy whatever it asks. Reads and writes no topic.
 * Defaults ({@link #defaults()}) are documented in {@code stimulus-controller/README.md}.
 *
 * @param maxIntensity          largest {@code intensity} param of any visual stimulus (0..1 scale); above is clamped
 * @param maxPhotostimIntensity largest {@code intensity} of {@link Stimulus#PHOTOSTIM}; above is clamped
 * @param maxVelocityMmS        largest |{@code velocity}| (mm/s) of gratings, rotation, dots; above is clamped
 * @param minGain               smallest closed-loop {@code gain}; below is clamped
 * @param maxGain               largest closed-loop {@code gain}; above is clamped
 * @param maxPulseS             longest {@code durationS} of a pulsed stimulus; longer is clamped
 * @param maxCommandsPerSecond  most commands (SAFE_STATE excepted) in any sliding 1 s; more are refused
 * @param pulsed                stimuli that count as stimulation for refractory time and duty cycle
 * @param refractoryMs          least time from the end of one pulsed stimulation to the onset of the next
 * @param maxDutyCycle          largest fraction of {@code dutyWindowMs} spent in pulsed stimulation (0..1)
 * @param dutyWindowMs          the sliding window of the duty cycle
 * @param maxBehaviorAgeMs      oldest usable behaviour input (now − acquisitionNs); older: safe state
 * @param maxFrameAgeMs         oldest usable imaging-derived input (traces, forecasts); older: safe state
 * @param rigTimeoutMs          longest silence of the rig (no COMMAND_ACK or HEARTBEAT) before safe state
 */
public record SafetyLimits(double maxIntensity, double maxPhotostimIntensity, double maxVelocityMmS, double minGain,
                           double maxGain, double maxPulseS, double maxCommandsPerSecond, Set<Stimulus> pulsed,
                           long refractoryMs, double maxDutyCycle, long dutyWindowMs, long maxBehaviorAgeMs,
                           long maxFrameAgeMs, long rigTimeoutMs) {

    public SafetyLimits {
        in("maxIntensity", maxIntensity, 0, 1);
        in("maxPhotostimIntensity", maxPhotostimIntensity, 0, 1);
        in("maxVelocityMmS", maxVelocityMmS, 0, 1000);
        in("minGain", minGain, 0, 100);
        in("maxGain", maxGain, minGain, 100);
        in("maxPulseS", maxPulseS, 0.001, 3600);
        in("maxCommandsPerSecond", maxCommandsPerSecond, 1, 10_000);
        pulsed = pulsed == null ? Set.of() : Set.copyOf(pulsed);
        if (pulsed.contains(Stimulus.SAFE_STATE) || pulsed.contains(Stimulus.OFF)) {
            throw new IllegalArgumentException("pulsed: SAFE_STATE and OFF are not stimulation");
        }
        in("refractoryMs", refractoryMs, 0, 3_600_000);
        in("maxDutyCycle", maxDutyCycle, 0, 1);
        in("dutyWindowMs", dutyWindowMs, 1, 86_400_000);
        in("maxBehaviorAgeMs", maxBehaviorAgeMs, 1, 3_600_000);
        in("maxFrameAgeMs", maxFrameAgeMs, 1, 3_600_000);
        in("rigTimeoutMs", rigTimeoutMs, 1, 3_600_000);
    }

    /** The documented defaults. */
    public static SafetyLimits defaults() {
        return new SafetyLimits(1.0, 0.5, 30.0, 0.0, 3.0, 2.0, 120, EnumSet.of(Stimulus.FLASH, Stimulus.PHOTOSTIM),
                1_000, 0.25, 30_000, 250, 3_000, 2_000);
    }

    /**
     * These limits with some replaced, by name ({@code maxIntensity=0.8}, {@code pulsed=FLASH,PHOTOSTIM},
     * {@code pulsed=} for none). Validated as a whole: a bad value throws and nothing changes.
     */
    public SafetyLimits with(Map<String, String> overrides) {
        double[] d = {maxIntensity, maxPhotostimIntensity, maxVelocityMmS, minGain, maxGain, maxPulseS,
                maxCommandsPerSecond, maxDutyCycle};
        long[] l = {refractoryMs, dutyWindowMs, maxBehaviorAgeMs, maxFrameAgeMs, rigTimeoutMs};
        Set<Stimulus> p = pulsed.isEmpty() ? EnumSet.noneOf(Stimulus.class) : EnumSet.copyOf(pulsed);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String v = e.getValue().trim();
            try {
                switch (e.getKey()) {
                    case "maxIntensity" -> d[0] = Double.parseDouble(v);
                    case "maxPhotostimIntensity" -> d[1] = Double.parseDouble(v);
                    case "maxVelocityMmS" -> d[2] = Double.parseDouble(v);
                    case "minGain" -> d[3] = Double.parseDouble(v);
                    case "maxGain" -> d[4] = Double.parseDouble(v);
                    case "maxPulseS" -> d[5] = Double.parseDouble(v);
                    case "maxCommandsPerSecond" -> d[6] = Double.parseDouble(v);
                    case "maxDutyCycle" -> d[7] = Double.parseDouble(v);
                    case "refractoryMs" -> l[0] = Long.parseLong(v);
                    case "dutyWindowMs" -> l[1] = Long.parseLong(v);
                    case "maxBehaviorAgeMs" -> l[2] = Long.parseLong(v);
                    case "maxFrameAgeMs" -> l[3] = Long.parseLong(v);
                    case "rigTimeoutMs" -> l[4] = Long.parseLong(v);
                    case "pulsed" -> {
                        p = EnumSet.noneOf(Stimulus.class);
                        for (String s : v.split(",")) {
                            if (!s.isBlank()) {
                                p.add(Stimulus.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown safety limit '" + e.getKey() + "'");
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("safety limit '" + e.getKey() + "': not a number: " + v);
            }
        }
        return new SafetyLimits(d[0], d[1], d[2], d[3], d[4], d[5], d[6], p, l[0], d[7], l[1], l[2], l[3], l[4]);
    }

    private static void in(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException("safety limit '" + name + "' must be in [" + min + ", " + max
                    + "], got " + v);
        }
    }
}
