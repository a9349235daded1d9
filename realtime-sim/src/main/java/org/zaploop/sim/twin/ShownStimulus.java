package org.zaploop.sim.twin;

import java.util.Map;

/**
 * The stimulus a live twin's fish was last commanded, and from which frame, so that each simulated period gets what
 * the fish saw during it ({@link FramePercept}): the twin that follows rig events learns of a flash once, and must
 * end it itself. Period k is the one from frame k to frame k + 1.
 */
public final class ShownStimulus {

    private final double periodS;
    private String commanded;
    private Map<String, Double> params = Map.of();
    private long fromPeriod;

    /** @param periodS the frame period, s */
    public ShownStimulus(double periodS) {
        if (!(periodS > 0)) {
            throw new IllegalArgumentException("the frame period must be > 0 s, got " + periodS);
        }
        this.periodS = periodS;
    }

    /** A command took effect from period {@code period} on (a command acknowledged at frame f acts after f). */
    public void command(String stimulus, Map<String, Double> stimulusParams, long period) {
        this.commanded = stimulus;
        this.params = stimulusParams == null ? Map.of() : Map.copyOf(stimulusParams);
        this.fromPeriod = period;
    }

    /** What the fish saw during period {@code period}. */
    public FramePercept during(long period) {
        return FramePercept.during(commanded, params, (period - fromPeriod) * periodS, periodS);
    }

    /** What a candidate stimulus shown from the next period on would look like {@code step} periods later. */
    public FramePercept candidate(String stimulus, Map<String, Double> stimulusParams, int step) {
        return FramePercept.during(stimulus, stimulusParams, step * periodS, periodS);
    }
}
