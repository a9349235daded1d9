package org.zaploop.sim.twin;

import java.util.Arrays;
import java.util.Objects;

/**
 * Scores a twin model on a recorded session's held-out frames the way the twin is used (MPC, the forecaster): in
 * twin mode, nudged toward every measured frame and shown the session's stimuli, predicting before it assimilates.
 * {@link TwinFit} scores the same model open loop; a region driven by its own noise (in the fish, the motor pools
 * swimming on their own) cannot be reproduced open loop, but a nudged twin starts each prediction from where the
 * measurement put it.
 *
 * <p>The twin follows the session from frame 0. Before it takes the measurement of frame t it simulates, on a copy of
 * its state ({@link DigitalTwin#simulateAheadShowing}), frames t … t+k−1 under the stimuli the session shows then
 * (the schedule is known ahead, the measurements are not), each neuron holding its recent nudge; only then is frame
 * t shown to it. The copy's first frame is the one-step prediction of frame t, its k-th the k-step prediction of
 * frame t+k−1. Both are scored per region against the measured region mean over the held-out frames: Pearson
 * correlation (NaN where the measured mean hardly moves, {@link TwinFit#FLAT_SD}) and RMS. Every frame before a
 * held-out one is assimilated, fitted or held out: held-out frames are never fitted, but the nudged twin does see
 * frames up to the one before the prediction starts — that is what twin mode is. Beside them, the same scores of the
 * reference a twin has to beat: the last measured frame taken as the prediction (of frame t: frame t−1 one step
 * ahead, frame t−k at k steps). Costs one simulation of the session plus k frames per held-out frame. Reads and
 * writes no topic.
 */
public final class TwinModeScore {

    /**
     * Per region, over the held-out frames: a prediction of the region mean against the measured one.
     *
     * @param correlation Pearson correlation (NaN where the measured mean hardly moves)
     * @param rms         RMS of measured − predicted, ΔF/F
     */
    public record Scores(double[] correlation, double[] rms) {
    }

    /**
     * @param ahead          k, frames ahead of the last measurement for the k-step figures
     * @param oneAhead       the twin's one-step predictions
     * @param kAhead         the twin's k-step predictions
     * @param lastFrame1     the reference: the last measured frame, one step ahead
     * @param lastFrameK     the reference k steps ahead
     * @param predicted1     [frame][region] one-step prediction of the region mean (NaN before the held-out frames)
     * @param predictedAhead [frame][region] k-step prediction of the region mean (NaN before the held-out frames)
     */
    public record Result(int ahead, Scores oneAhead, Scores kAhead, Scores lastFrame1, Scores lastFrameK,
                         double[][] predicted1, double[][] predictedAhead) {
    }

    private final RecordedSession session;
    private final TwinParams params;
    private final int fitFrames;
    private final int ahead;

    /**
     * @param fitFrames frames before the held-out ones (held out: [fitFrames, frames))
     * @param ahead     k, 1 ≤ k ≤ fitFrames (the k-step prediction of the first held-out frame starts after frame 0)
     */
    public TwinModeScore(RecordedSession session, TwinParams params, int fitFrames, int ahead) {
        if (ahead < 1) {
            throw new IllegalArgumentException("need ahead >= 1 frame, got " + ahead);
        }
        if (fitFrames < 1 || fitFrames >= session.frames()) {
            throw new IllegalArgumentException("the held-out frames must start within the session's "
                    + session.frames() + " frames and after its first, got " + fitFrames);
        }
        if (ahead > fitFrames) {
            throw new IllegalArgumentException("predicting " + ahead + " frames ahead needs at least as many frames "
                    + "before the held-out ones, got " + fitFrames);
        }
        this.session = Objects.requireNonNull(session);
        this.params = Objects.requireNonNull(params);
        this.fitFrames = fitFrames;
        this.ahead = ahead;
    }

    /** Runs the twin under {@code model} through the session in twin mode and scores its predictions. */
    public Result score(TwinModel model) {
        RegionMap map = session.map();
        int regions = map.regionNames().size();
        int frames = session.frames();
        double[][] predicted1 = nanFrames(frames, regions);
        double[][] predictedAhead = nanFrames(frames, regions);
        float[] y = new float[map.measured()];
        float[] next = new float[ahead * regions];
        try (DigitalTwin twin = new DigitalTwin(params, map, model)) {
            for (int t = 0; t < frames; t++) {
                // predict from the state after frame t − 1, before frame t is measured
                int last = t + ahead - 1;
                boolean one = t >= fitFrames;
                boolean k = last < frames && last >= fitFrames;
                if (t > 0 && (one || k)) {
                    int h = k ? ahead : 1;
                    twin.simulateAheadShowing(h, session.stimulus(), session.params(), t, null, next);
                    if (one) {
                        copy(next, 0, regions, predicted1[t]);
                    }
                    if (k) {
                        copy(next, ahead - 1, regions, predictedAhead[last]);
                    }
                }
                session.show(t, twin);
                session.frame(t, y);
                twin.observe(t, y);
            }
        }
        double[][] measured = TwinFit.measuredRegionMeans(session);
        return new Result(ahead, scores(measured, predicted1), scores(measured, predictedAhead),
                scores(measured, lastFrame(measured, 1)), scores(measured, lastFrame(measured, ahead)), predicted1,
                predictedAhead);
    }

    private Scores scores(double[][] measured, double[][] predicted) {
        int regions = measured[0].length;
        int frames = measured.length;
        double[] c = new double[regions];
        double[] e = new double[regions];
        for (int r = 0; r < regions; r++) {
            boolean flat = TwinFit.sd(measured, r, fitFrames, frames) < TwinFit.FLAT_SD;
            c[r] = flat ? Double.NaN : TwinFit.correlation(measured, predicted, r, fitFrames, frames);
            e[r] = TwinFit.rms(measured, predicted, r, fitFrames, frames);
        }
        return new Scores(c, e);
    }

    /** The reference prediction of each held-out frame t: the measured frame t − steps. */
    private double[][] lastFrame(double[][] measured, int steps) {
        double[][] out = nanFrames(measured.length, measured[0].length);
        for (int t = fitFrames; t < measured.length; t++) {
            out[t] = measured[t - steps].clone();
        }
        return out;
    }

    private static double[][] nanFrames(int frames, int regions) {
        double[][] out = new double[frames][regions];
        for (double[] row : out) {
            Arrays.fill(row, Double.NaN);
        }
        return out;
    }

    private static void copy(float[] steps, int step, int regions, double[] dest) {
        for (int r = 0; r < regions; r++) {
            dest[r] = steps[step * regions + r];
        }
    }
}
