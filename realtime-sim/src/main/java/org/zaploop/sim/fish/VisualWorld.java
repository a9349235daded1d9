package org.zaploop.sim.fish;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the virtual fish sees: the stimulus the rig presents, and — for moving gratings — the visual flow it
 * actually perceives once its own swimming is taken into account (fictive-swimming virtual reality).
 *
 * <p>Closed loop: perceived forward flow = grating velocity − gain × swim speed, with swim speed proportional to
 * the current bout's vigor. With a higher gain, the fish's own swimming cancels the flow faster, so it needs
 * to swim less: the optomotor loop a controller can close.
 *
 * <p>Flashes last {@code durationS} (default 1 s) and then the screen returns to the grey baseline.
 */
public final class VisualWorld {

    /** Swim speed (mm/s) at full vigor. */
    public static final double SWIM_SPEED_MM_S = 20.0;
    /** Grating speed (mm/s) when a command gives none. */
    public static final double DEFAULT_GRATING_MM_S = 10.0;
    /** How long a flash lasts (s) when a command gives no {@code durationS}. */
    public static final double DEFAULT_FLASH_S = 1.0;

    private String stimulus = "OFF";
    private Map<String, Double> params = Map.of();
    private int condition;
    private double shownAtS;

    /**
     * Shows a new stimulus from time {@code nowS}.
     *
     * @param stimulus  a stimulus name (OFF, FLASH, GRATING, ROTATION, DOTS, DARK, PHOTOTAXIS, PHOTOSTIM, SAFE_STATE)
     * @param condition ZAPBench condition index this corresponds to, −1 if none
     */
    public void present(String stimulus, Map<String, Double> params, int condition, double nowS) {
        this.stimulus = stimulus;
        this.params = Map.copyOf(params);
        this.condition = condition;
        this.shownAtS = nowS;
    }

    /** The stimulus as commanded (for rig events). */
    public String stimulus() {
        return stimulus;
    }

    public Map<String, Double> params() {
        return params;
    }

    /** 1-based ZAPBench condition (0: none), as the ephys condition channel carries it. */
    public int conditionChannel() {
        return condition + 1;
    }

    public int condition() {
        return condition;
    }

    /** The closed-loop gain in force (0 when no grating is shown). */
    public double gain() {
        return stimulus.equals("GRATING") ? params.getOrDefault("gain", 1.0) : 0.0;
    }

    /** Forward flow the fish perceives, mm/s, given its current swim vigor (0..1). */
    public double perceivedForwardFlow(double vigor) {
        if (!stimulus.equals("GRATING")) {
            return 0;
        }
        return params.getOrDefault("velocity", DEFAULT_GRATING_MM_S) - gain() * vigor * SWIM_SPEED_MM_S;
    }

    /**
     * The stimulus as it reaches the retina now: the name the network's sensory drive is keyed on, and the
     * parameters with the perceived flow in place of the commanded velocity. Flashes that are over read as OFF.
     */
    public Percept percept(double nowS, double vigor) {
        if (stimulus.equals("FLASH") && nowS - shownAtS > params.getOrDefault("durationS", DEFAULT_FLASH_S)) {
            return new Percept("OFF", Map.of());
        }
        if (stimulus.equals("SAFE_STATE")) {
            return new Percept("OFF", Map.of());
        }
        Map<String, Double> p = new TreeMap<>(params);
        if (stimulus.equals("GRATING")) {
            // Drive follows positive (forward) flow only: backward flow does not make a fish swim forward.
            p.put("velocity", Math.max(0, perceivedForwardFlow(vigor)));
        }
        return new Percept(stimulus, p);
    }

    /**
     * @param stimulus the stimulus name the sensory drive rules are keyed on
     * @param params   its parameters as perceived
     */
    public record Percept(String stimulus, Map<String, Double> params) {
    }
}
