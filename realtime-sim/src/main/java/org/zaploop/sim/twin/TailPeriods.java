package org.zaploop.sim.twin;

import java.util.TreeMap;
import org.zaploop.sim.fish.EphysLayout;

/**
 * A live tail recording cut into the frame periods a live twin simulates: frame k's period is the volume period that
 * ends at frame k's acquisition time on {@code zl.traces} — the newest plane its traces rest on, as the imaging
 * processor stamps them, so the period is over when the frame arrives and nothing waits for it — as
 * {@link RecordedSession} cuts a recording; its {@link TailActivity} goes with frame k. The periods are anchored on
 * the first frame seen (its acquisition time and index); samples before that are only used to learn the resting
 * level. (A replayed traces-only archive stamps each frame with its volume's start: there the period is the one
 * before the frame.) Blocks must come in acquisition order (a gap leaves its periods unknown). Keeps
 * the last {@value #KEPT} periods. Reads no topic.
 */
public final class TailPeriods {

    static final int KEPT = 64;
    /** No period open yet. */
    private static final long NONE = Long.MIN_VALUE;
    /** The samples before the anchor: one stretch that only teaches the resting level. */
    private static final long BEFORE_ANCHOR = Long.MIN_VALUE + 1;

    private final double periodS;
    private final long periodNs;
    private final TreeMap<Long, double[]> done = new TreeMap<>();
    private final double[] lr = new double[2];
    private TailActivity activity;
    private double rateHz;
    private long zeroNs = NONE;
    private long current = NONE;

    /** @param periodS the volume period, s */
    public TailPeriods(double periodS) {
        if (!(periodS > 0)) {
            throw new IllegalArgumentException("the frame period must be > 0 s, got " + periodS);
        }
        this.periodS = periodS;
        this.periodNs = Math.round(periodS * 1e9);
    }

    /**
     * Anchors the periods on a frame the first time one is seen (later calls change nothing): its period ends at its
     * acquisition time.
     */
    public void anchor(long frame, long acquisitionNs) {
        if (zeroNs == NONE) {
            zeroNs = acquisitionNs - Math.round((frame + 1) * periodS * 1e9);
        }
    }

    /**
     * Adds a block of samples, sample-major ({@code data[s × channels + c]}), left and right tail on channels
     * {@link EphysLayout#LEFT} and {@link EphysLayout#RIGHT}.
     *
     * @param firstSampleNs acquisition time of the block's first sample
     * @throws IllegalArgumentException if the block has no right-tail channel or its sample rate is not positive
     */
    public void add(long firstSampleNs, double sampleRateHz, float[] data, int channels, int samples) {
        if (channels <= EphysLayout.RIGHT) {
            throw new IllegalArgumentException("a tail block needs channels " + EphysLayout.LEFT + " and "
                    + EphysLayout.RIGHT + ", got " + channels + " channel(s)");
        }
        if (activity == null || Double.compare(rateHz, sampleRateHz) != 0) {
            activity = new TailActivity(sampleRateHz); // also rejects a rate that is not positive
            rateHz = sampleRateHz;
            current = NONE;
        }
        for (int s = 0; s < samples; s++) {
            long k = period(firstSampleNs + Math.round(s / sampleRateHz * 1e9));
            if (k != current) {
                close();
                current = k;
            }
            activity.add(data[s * channels + EphysLayout.LEFT], data[s * channels + EphysLayout.RIGHT]);
        }
    }

    /**
     * The tail's activity during frame {@code frame}'s period into {@code out} (left, right), once the recording has
     * gone past it; false while it has not, or if no sample of it arrived.
     */
    public boolean take(long frame, double[] out) {
        double[] v = done.get(frame);
        if (v == null) {
            return false;
        }
        out[0] = v[0];
        out[1] = v[1];
        return true;
    }

    /** Whether any tail block has arrived. */
    public boolean recording() {
        return activity != null;
    }

    private long period(long ns) {
        return zeroNs == NONE ? BEFORE_ANCHOR : Math.floorDiv(ns - zeroNs, periodNs);
    }

    private void close() {
        if (current == NONE) {
            return;
        }
        activity.endPeriod(lr);
        if (current != BEFORE_ANCHOR) {
            done.put(current, new double[] {lr[0], lr[1]});
            while (done.size() > KEPT) {
                done.pollFirstEntry();
            }
        }
    }
}
