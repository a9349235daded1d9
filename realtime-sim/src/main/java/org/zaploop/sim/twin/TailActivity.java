package org.zaploop.sim.twin;

import java.util.Arrays;
import java.util.List;
import org.zaploop.sim.networks.ZebrafishNetwork;

/**
 * How hard the tail's motor nerves fired in each frame period, per side: the RMS of the signal once its slow
 * component (a 10 ms running mean) is removed, as a multiple of the side's resting RMS, minus 1 — 0 at rest, a few
 * during a bout. The twin drives its motor pools with it ({@link DigitalTwin#tail}): the pools fire when the fish
 * swims, and the fish's bouts are its own, so neither the stimuli nor the last imaged frame say when the next one
 * comes, while the tail recording, milliseconds old, does. The resting RMS is the 20th percentile of the last 100
 * periods' RMS: causal, the same in a recording as live, and a fish swims in a minority of periods.
 */
public final class TailActivity {

    private static final double SLOW_S = 0.010;
    private static final int REST_PERIODS = 100;
    private static final double REST_QUANTILE = 0.2;

    private final double alpha;
    private final double[] slow = new double[2];
    private final double[] sumSq = new double[2];
    private final double[][] history = new double[2][REST_PERIODS];
    private final double[] sorted = new double[REST_PERIODS];
    private long samples;
    private long periodSamples;
    private int periods;

    /** @param sampleRateHz samples per second per channel */
    public TailActivity(double sampleRateHz) {
        if (!(sampleRateHz > 0) || Double.isInfinite(sampleRateHz)) {
            throw new IllegalArgumentException("the tail's sample rate must be > 0 Hz, got " + sampleRateHz);
        }
        this.alpha = 1 - Math.exp(-1 / (SLOW_S * sampleRateHz));
    }

    /**
     * One sample of each side's motor nerve, in acquisition order. A sample that is not a number on either side (an
     * archive's fill value where a chunk is missing) is skipped: it says nothing about the fish.
     */
    public void add(double left, double right) {
        if (!Double.isFinite(left) || !Double.isFinite(right)) {
            return;
        }
        if (samples == 0) {
            slow[0] = left;
            slow[1] = right;
        }
        // running mean = the slow component; what is left over is the nerve's fast multi-unit activity
        slow[0] += alpha * (left - slow[0]);
        slow[1] += alpha * (right - slow[1]);
        double l = left - slow[0];
        double r = right - slow[1];
        sumSq[0] += l * l;
        sumSq[1] += r * r;
        samples++;
        periodSamples++;
    }

    /**
     * Closes the period: writes the left and right activity into {@code out[0]} and {@code out[1]} and starts the
     * next. A period without samples (a gap in the recording) reads 0 and leaves the resting level alone.
     */
    public void endPeriod(double[] out) {
        if (periodSamples == 0) {
            out[0] = 0;
            out[1] = 0;
            return;
        }
        int slot = periods % REST_PERIODS;
        periods++;
        int known = Math.min(periods, REST_PERIODS);
        for (int side = 0; side < 2; side++) {
            double rms = Math.sqrt(sumSq[side] / periodSamples);
            history[side][slot] = rms;
            System.arraycopy(history[side], 0, sorted, 0, known);
            Arrays.sort(sorted, 0, known);
            double rest = sorted[(int) (REST_QUANTILE * (known - 1))];
            out[side] = rest > 0 ? Math.max(0, rms / rest - 1) : 0;
            sumSq[side] = 0;
        }
        periodSamples = 0;
    }

    /** Per region: 0 for the left motor pool, 1 for the right one (the tail's sides), −1 for every other region. */
    static int[] sides(List<String> regions) {
        int[] side = new int[regions.size()];
        for (int r = 0; r < side.length; r++) {
            String name = regions.get(r);
            side[r] = name.equals(ZebrafishNetwork.MOTOR_LEFT) ? 0 : name.equals(ZebrafishNetwork.MOTOR_RIGHT) ? 1 : -1;
        }
        return side;
    }
}
