package org.zaploop.ingest.recorder;

/**
 * Checks ephys blocks against the next expected session sample index: a block that starts later leaves a gap
 * (stored as NaN and noted), a block that starts earlier repeats samples already stored (dropped and counted).
 * Plain Java; reads no topic.
 */
final class EphysSequencer {

    /**
     * What a block means: {@code duplicateSamples} at its start are already stored; {@code gapCount} samples from
     * {@code gapFirst} never arrived (0 = no gap).
     */
    record Verdict(int duplicateSamples, long gapFirst, long gapCount) {
        boolean allDuplicate(int samples) {
            return duplicateSamples == samples;
        }
    }

    private long next;

    EphysSequencer(long next) {
        this.next = next;
    }

    long next() {
        return next;
    }

    Verdict accept(long firstSample, int samples) {
        long end = firstSample + samples;
        Verdict v;
        if (end <= next) {
            v = new Verdict(samples, 0, 0);
        } else if (firstSample < next) {
            v = new Verdict((int) (next - firstSample), 0, 0);
        } else if (firstSample > next) {
            v = new Verdict(0, next, firstSample - next);
        } else {
            v = new Verdict(0, 0, 0);
        }
        next = Math.max(next, end);
        return v;
    }
}
