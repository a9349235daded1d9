package org.zaploop.sim.twin;

import java.util.Map;
import java.util.TreeMap;
import org.zaploop.sim.fish.VisualWorld;

/**
 * What reaches the fish's retina during one frame period, for a stimulus commanded earlier. The twin drives its
 * network once per frame, while the fish's screen changes within one: a flash lasts {@code durationS} (default
 * {@link VisualWorld#DEFAULT_FLASH_S}) and then the screen is back at the grey baseline. Driving the twin with a
 * flash for as long as the command stands made it respond for the whole block where the fish answers one second of
 * light; a fit then had to shrink the flash gain fivefold and still got the shape wrong. A flash that covers part of
 * a period enters with that share of its intensity (the period's mean drive); every other stimulus stands until the
 * next command.
 *
 * @param stimulus the stimulus name the drive rules are keyed on (null: nothing shown)
 * @param params   its parameters for this period
 */
public record FramePercept(String stimulus, Map<String, Double> params) {

    private static final FramePercept OFF = new FramePercept("OFF", Map.of());

    /**
     * @param commanded   the stimulus as commanded (null: none yet)
     * @param params      its parameters as commanded
     * @param sinceShownS seconds from the command taking effect to the start of the period (0 for the period it
     *                    starts in)
     * @param periodS     the frame period, s
     */
    public static FramePercept during(String commanded, Map<String, Double> params, double sinceShownS,
                                      double periodS) {
        Map<String, Double> p = params == null ? Map.of() : params;
        if (!"FLASH".equals(commanded)) {
            return new FramePercept(commanded, p);
        }
        double lit = p.getOrDefault("durationS", VisualWorld.DEFAULT_FLASH_S) - Math.max(0, sinceShownS);
        double share = Math.min(1, lit / periodS);
        if (!(share > 0)) {
            return OFF;
        }
        if (share >= 1) {
            return new FramePercept(commanded, p);
        }
        Map<String, Double> dimmed = new TreeMap<>(p);
        dimmed.put("intensity", p.getOrDefault("intensity", 1.0) * share);
        return new FramePercept(commanded, Map.copyOf(dimmed));
    }
}
