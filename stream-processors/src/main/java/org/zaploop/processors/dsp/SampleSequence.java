package org.zaploop.processors.dsp;

/**
 * Tracks the session-wide sample index of a block stream so gaps and duplicates are seen, never smoothed over.
 * Reads and writes no topic or store (its one field is part of the callers' stored state).
 */
public final class SampleSequence {

    /** How a block relates to what came before. */
    public enum Arrival {
        /** The first block seen. */
        FIRST,
        /** Starts exactly where the previous block ended. */
        IN_ORDER,
        /** Starts after the expected sample: samples are missing. */
        GAP,
        /** Ends at or before the expected sample: every sample was seen already. */
        DUPLICATE,
        /** Starts before the expected sample but carries new samples too. */
        OVERLAP
    }

    private long next = -1;

    /** Classifies a block of {@code samples} samples from {@code firstSample}; does not advance. */
    public Arrival classify(long firstSample, int samples) {
        if (next < 0) {
            return Arrival.FIRST;
        }
        if (firstSample == next) {
            return Arrival.IN_ORDER;
        }
        if (firstSample > next) {
            return Arrival.GAP;
        }
        return firstSample + samples <= next ? Arrival.DUPLICATE : Arrival.OVERLAP;
    }

    /** Samples missing before a {@link Arrival#GAP} block. */
    public long missingBefore(long firstSample) {
        return next < 0 ? 0 : Math.max(0, firstSample - next);
    }

    /** Samples of an {@link Arrival#OVERLAP} block that were seen already. */
    public int seenAlready(long firstSample) {
        return next < 0 ? 0 : (int) Math.max(0, next - firstSample);
    }

    /** The block was accepted up to (exclusive) {@code endSample}. */
    public void advanceTo(long endSample) {
        next = Math.max(next, endSample);
    }

    /** The next sample expected, or -1 before the first block. */
    public long next() {
        return next;
    }

    public void restore(long nextSample) {
        next = nextSample;
    }
}
