package org.zaploop.ingest.clock;

/**
 * A fitted relation between a rig clock and the ZapLoop clock: at ZapLoop time {@code t} the rig clock reads
 * {@code t + offsetNs + driftPpm·1e-6·(t − refNs)}. Immutable, so it can be handed to any thread.
 *
 * @param refNs    ZapLoop time the fit is anchored at (the newest sample used)
 * @param offsetNs rig clock minus ZapLoop clock at {@code refNs}
 * @param driftPpm how much faster the rig clock runs, parts per million
 * @param rttNs    lowest round trip among the samples used
 * @param samples  samples the fit used
 */
public record ClockFit(long refNs, long offsetNs, double driftPpm, long rttNs, int samples) {

    public ClockFit {
        if (!Double.isFinite(driftPpm) || Math.abs(driftPpm) >= 1e5) {
            throw new IllegalArgumentException("drift must be finite and below 1e5 ppm, got " + driftPpm);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("a fit needs at least one sample");
        }
    }

    /** The ZapLoop time at which the rig clock read {@code rigNs}. */
    public long toZapLoopNs(long rigNs) {
        double d = driftPpm * 1e-6;
        return refNs + Math.round((rigNs - refNs - offsetNs) / (1 + d));
    }

    /** What the rig clock reads at ZapLoop time {@code zapLoopNs}. */
    public long toRigNs(long zapLoopNs) {
        return zapLoopNs + offsetNs + Math.round(driftPpm * 1e-6 * (zapLoopNs - refNs));
    }
}
