package org.zaploop.sim.twin;

import java.util.List;
import java.util.Map;

/**
 * The stimulus command standing at each frame of a recorded session and the frame it took effect. A forecast made
 * at a frame knows the commands up to it, not the ones to come: it may assume the standing command stands on, and
 * what the fish then sees still changes by itself (a flash ends after its duration, {@link FramePercept}). Holding
 * the frame's percept instead kept a flash lit for the whole horizon of a forecast made in its first second.
 *
 * @param stimulus per frame, the stimulus commanded (null: none yet)
 * @param params   per frame, its parameters as commanded
 * @param since    per frame, the frame the standing command took effect
 * @param periodS  the frame period, s
 */
public record StandingCommands(String[] stimulus, List<Map<String, Double>> params, long[] since, double periodS) {

    public StandingCommands {
        if (params.size() != stimulus.length || since.length != stimulus.length || !(periodS > 0)) {
            throw new IllegalArgumentException("need a command, its parameters and its start for every one of "
                    + stimulus.length + " frames and a positive period, got " + params.size() + ", " + since.length
                    + ", " + periodS + " s");
        }
    }

    /** What the fish saw during {@code frame}: its standing command, a flash over after its duration. */
    public FramePercept perceived(int frame) {
        return standing(frame, frame);
    }

    /** What the fish sees during frames {@code frame + 1 … frame + steps} if the command standing at frame stands on. */
    public FramePercept[] heldAfter(int frame, int steps) {
        FramePercept[] out = new FramePercept[steps];
        for (int s = 0; s < steps; s++) {
            out[s] = standing(frame, frame + 1 + s);
        }
        return out;
    }

    /** The command standing at frame {@code from} as the fish perceives it during frame {@code at}. */
    private FramePercept standing(int from, int at) {
        return FramePercept.during(stimulus[from], params.get(from), (at - since[from]) * periodS, periodS);
    }
}
