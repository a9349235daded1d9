package org.zaploop.sim.twin;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Fits the twin's region parameters ({@link TwinModel}: excitability current and stimulus-drive gain per region) to a
 * recorded session, so that the twin run open loop — driven only by the stimuli the fish was shown, never nudged —
 * reproduces the measured region-mean ΔF/F. The first {@code 1 − heldOut} of the frames are fitted, the rest are
 * held out and only scored.
 *
 * <p>Each iteration simulates the fitted frames once and moves every region's parameters by what its error says:
 * the bias current by bisection on the sign of the mean level error (measured − simulated; until the measured
 * level is bracketed, steps of {@code levelGainPa} per unit error, at most a quarter of it), and, for each stimulus
 * that drives the region, the gain by the ratio of measured to simulated response (level under the stimulus minus
 * level while nothing drives the region; clamped to 0.7..1.4 per iteration). Level and response are nearly independent handles; the best model seen (least squared error
 * over the fitted frames) is kept. Reads and writes no topic.
 */
public final class TwinFit {

    /**
     * The fit's outcome.
     *
     * @param model          the fitted parameters
     * @param fitFrames      frames fitted (the first ones)
     * @param heldOutFrames  frames held out (the last ones)
     * @param correlation    per region: Pearson correlation of simulated and measured region mean on held-out frames
     * @param before         the same for the unfitted (neutral) model
     * @param rmsHeldOut     per region: RMS of measured − simulated region mean on held-out frames
     * @param rmsBefore      the same for the unfitted model
     */
    public record Result(TwinModel model, int fitFrames, int heldOutFrames, double[] correlation, double[] before,
                         double[] rmsHeldOut, double[] rmsBefore) {
    }

    /**
     * A region whose measured mean moves less than this (standard deviation over the held-out frames, ΔF/F) has no
     * correlation to speak of: it is reported as NaN.
     */
    public static final double FLAT_SD = 0.005;
    /** A simulated response smaller than this (ΔF/F) is too weak to scale: its gain grows instead. */
    static final double MIN_RESPONSE = 0.01;

    private final RecordedSession session;
    private final TwinParams params;
    private final int iterations;
    private final double levelGainPa;
    private final int fitFrames;

    /**
     * @param iterations  simulations of the fitted frames (≥ 1)
     * @param heldOut     share of frames held out at the end, in (0, 0.9]
     * @param levelGainPa pA of bias per unit ΔF/F of level error per iteration
     */
    public TwinFit(RecordedSession session, TwinParams params, int iterations, double heldOut, double levelGainPa) {
        if (iterations < 1 || !(heldOut > 0 && heldOut <= 0.9) || !(levelGainPa > 0)) {
            throw new IllegalArgumentException("need iterations >= 1, 0 < heldOut <= 0.9, levelGainPa > 0");
        }
        int fit = (int) Math.round(session.frames() * (1 - heldOut));
        if (fit < 4 || session.frames() - fit < 4) {
            throw new IllegalArgumentException("a session of " + session.frames() + " frames is too short to fit and"
                    + " hold out at least 4 frames each");
        }
        this.session = Objects.requireNonNull(session);
        this.params = params;
        this.iterations = iterations;
        this.levelGainPa = levelGainPa;
        this.fitFrames = fit;
    }

    /** Frames fitted, the first ones; the rest are held out. */
    public int fitFrames() {
        return fitFrames;
    }

    /** Fits; {@code progress} is told each simulation done (iterations + 2 in all). */
    public Result run(IntConsumer progress) {
        RegionMap map = session.map();
        int regions = map.regionNames().size();
        int frames = session.frames();
        int fit = fitFrames;
        double[][] measured = measuredRegionMeans(session);
        double[][] drive = new double[frames][regions];
        try (DigitalTwin probe = new DigitalTwin(params, map)) {
            for (int f = 0; f < frames; f++) {
                for (int r = 0; r < regions; r++) {
                    drive[f][r] = probe.regionDrive(r, session.stimulus()[f], session.params().get(f));
                }
            }
        }
        List<String> stimuli = TwinModel.stimuliOf(session.stimulus());
        TwinModel neutral = new TwinModel(map.regionNames(), new double[regions], stimuli,
                TwinModel.ones(regions, stimuli.size()), TwinModel.ones(regions));
        int[] tailSide = TailActivity.sides(map.regionNames());
        double[][] sim0 = simulate(neutral, frames);
        progress.accept(1);
        TwinModel model = neutral;
        TwinModel best = neutral;
        double bestErr = sse(measured, sim0, 0, fit);
        double[][] sim = sim0;
        double[] below = new double[regions];
        double[] above = new double[regions];
        java.util.Arrays.fill(below, Double.NaN);
        java.util.Arrays.fill(above, Double.NaN);
        for (int it = 0; it < iterations; it++) {
            double[] bias = model.biasPa();
            double[][] gain = model.inputGain();
            double[] tailGain = model.tailGain();
            for (int r = 0; r < regions; r++) {
                if (map.measuredIn(r) == 0) {
                    continue;
                }
                double level = 0;
                for (int f = 0; f < fit; f++) {
                    level += (measured[f][r] - sim[f][r]) / fit;
                }
                // bisection on the bias: a region's level rises steeply (recurrent excitation), so proportional
                // steps overshoot; bracket the measured level and halve the bracket each iteration
                if (level > 0) {
                    below[r] = bias[r];
                } else {
                    above[r] = bias[r];
                }
                bias[r] = Double.isNaN(below[r]) ? bias[r] - levelGainPa * Math.min(0.25, -level)
                        : Double.isNaN(above[r]) ? bias[r] + levelGainPa * Math.min(0.25, level)
                        : (below[r] + above[r]) / 2;
                for (int k = 0; k < stimuli.size(); k++) {
                    double rm = response(measured, drive, r, stimuli.get(k), fit);
                    double rs = response(sim, drive, r, stimuli.get(k), fit);
                    if (Double.isNaN(rm) || Double.isNaN(rs)) {
                        continue;
                    }
                    if (Math.abs(rs) > MIN_RESPONSE && rm / rs > 0) {
                        gain[r][k] *= Math.max(0.7, Math.min(1.4, rm / rs));
                    } else if (Math.abs(rm) > 2 * MIN_RESPONSE) {
                        gain[r][k] *= Math.abs(rs) > MIN_RESPONSE ? 0.7 : 1.4; // wrong sign: less; too weak: more
                    }
                }
                if (tailSide[r] >= 0 && session.tail() != null) {
                    // the tail's gain by the ratio of slopes: how much the region's level follows the swimming
                    double sm = tailSlope(measured, r, tailSide[r], fit);
                    double ss = tailSlope(sim, r, tailSide[r], fit);
                    if (sm > 0 && ss > 0) {
                        tailGain[r] *= Math.max(0.7, Math.min(1.4, sm / ss));
                    } else if (sm > 0) {
                        tailGain[r] *= 1.4;
                    }
                }
            }
            model = new TwinModel(map.regionNames(), bias, stimuli, gain, tailGain);
            sim = simulate(model, it == iterations - 1 ? frames : fit);
            double err = sse(measured, sim, 0, fit);
            if (err < bestErr) {
                bestErr = err;
                best = model;
            }
            progress.accept(it + 2);
        }
        double[][] fitted = simulate(best, frames);
        progress.accept(iterations + 2);
        double[] corr = new double[regions];
        double[] before = new double[regions];
        double[] rms = new double[regions];
        double[] rms0 = new double[regions];
        for (int r = 0; r < regions; r++) {
            boolean flat = sd(measured, r, fit, frames) < FLAT_SD;
            corr[r] = flat ? Double.NaN : correlation(measured, fitted, r, fit, frames);
            before[r] = flat ? Double.NaN : correlation(measured, sim0, r, fit, frames);
            rms[r] = rms(measured, fitted, r, fit, frames);
            rms0[r] = rms(measured, sim0, r, fit, frames);
        }
        return new Result(best, fit, frames - fit, corr, before, rms, rms0);
    }

    /** Least-squares slope of region r's level on its side's tail activity over frames [0, to). */
    private double tailSlope(double[][] y, int r, int side, int to) {
        float[] tail = session.tail();
        double mx = 0;
        double my = 0;
        for (int f = 0; f < to; f++) {
            mx += tail[2 * f + side] / (double) to;
            my += y[f][r] / to;
        }
        double sxy = 0;
        double sxx = 0;
        for (int f = 0; f < to; f++) {
            double dx = tail[2 * f + side] - mx;
            sxy += dx * (y[f][r] - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /** Mean measured ΔF/F per frame and region (NaN for a region without measured neurons). */
    static double[][] measuredRegionMeans(RecordedSession session) {
        RegionMap map = session.map();
        int regions = map.regionNames().size();
        double[][] out = new double[session.frames()][regions];
        for (int f = 0; f < session.frames(); f++) {
            for (int m = 0; m < map.measured(); m++) {
                out[f][map.regionOf(m)] += session.dff(f, m);
            }
            for (int r = 0; r < regions; r++) {
                out[f][r] = map.measuredIn(r) == 0 ? Double.NaN : out[f][r] / map.measuredIn(r);
            }
        }
        return out;
    }

    /** The twin under {@code model}, open loop over the session's stimuli: region means per frame. */
    double[][] simulate(TwinModel model, int frames) {
        int regions = session.map().regionNames().size();
        double[][] out = new double[frames][regions];
        float[] row = new float[regions];
        try (DigitalTwin twin = new DigitalTwin(params, session.map(), model)) {
            for (int f = 0; f < frames; f++) {
                session.show(f, twin);
                if (f == 0) {
                    twin.runFree(1, null, row);
                } else {
                    twin.stepFree(null, row);
                }
                for (int r = 0; r < regions; r++) {
                    out[f][r] = row[r];
                }
            }
        }
        return out;
    }

    static double rms(double[][] a, double[][] b, int r, int from, int to) {
        double s = 0;
        for (int f = from; f < to; f++) {
            s += (a[f][r] - b[f][r]) * (a[f][r] - b[f][r]) / (to - from);
        }
        return Math.sqrt(s);
    }

    static double sd(double[][] a, int r, int from, int to) {
        double m = 0;
        for (int f = from; f < to; f++) {
            m += a[f][r] / (to - from);
        }
        double v = 0;
        for (int f = from; f < to; f++) {
            v += (a[f][r] - m) * (a[f][r] - m) / (to - from);
        }
        return Math.sqrt(v);
    }

    private static double sse(double[][] a, double[][] b, int from, int to) {
        double s = 0;
        for (int f = from; f < to; f++) {
            for (int r = 0; r < a[f].length; r++) {
                if (!Double.isNaN(a[f][r])) {
                    s += (a[f][r] - b[f][r]) * (a[f][r] - b[f][r]);
                }
            }
        }
        return s;
    }

    /**
     * Region r's response to a stimulus over frames [0, to): its mean level while the stimulus drives it minus its
     * mean level while nothing drives it; NaN when the stimulus does not drive the region or there are no undriven
     * frames to compare with.
     */
    private double response(double[][] y, double[][] drive, int r, String stimulus, int to) {
        double on = 0;
        int nOn = 0;
        double off = 0;
        int nOff = 0;
        for (int f = 0; f < to; f++) {
            if (drive[f][r] == 0) {
                off += y[f][r];
                nOff++;
            } else if (stimulus.equals(session.stimulus()[f])) {
                on += y[f][r];
                nOn++;
            }
        }
        return nOn == 0 || nOff == 0 ? Double.NaN : on / nOn - off / nOff;
    }

    static double correlation(double[][] a, double[][] b, int r, int from, int to) {
        double[] x = new double[to - from];
        double[] y = new double[to - from];
        for (int f = from; f < to; f++) {
            x[f - from] = a[f][r];
            y[f - from] = b[f][r];
        }
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
