package org.zaploop.ingest.clock;

/**
 * Maps times on the ZapLoop clock, and ephys sample indices, onto volume frame indices: frame {@code t} covers
 * {@code [firstFrameNs + t·periodNs, firstFrameNs + (t+1)·periodNs)}. With the rig's times mapped through a
 * {@link ClockFit}, a tail sample or a rig event lands in the volume that was being imaged when it happened.
 * Plain Java, exact integer arithmetic for frames; the sample-to-time step rounds to the nearest ns.
 *
 * @param firstFrameNs   ZapLoop time frame 0 started
 * @param volumePeriodNs time from one volume to the next (ZAPBench: 914,100,000 ns), > 0
 */
public record FrameMapper(long firstFrameNs, long volumePeriodNs) {

    /** ZAPBench: one volume every 0.9141 s. */
    public static final long ZAPBENCH_VOLUME_PERIOD_NS = 914_100_000L;

    public FrameMapper {
        if (volumePeriodNs <= 0) {
            throw new IllegalArgumentException("volume period must be positive, got " + volumePeriodNs);
        }
    }

    /** The frame being imaged at ZapLoop time {@code timeNs}; negative before frame 0. */
    public long frameAt(long timeNs) {
        return Math.floorDiv(timeNs - firstFrameNs, volumePeriodNs);
    }

    /** Distance in ns from {@code timeNs} to the nearer edge of its frame (0 on an edge). */
    public long distanceToEdgeNs(long timeNs) {
        long into = Math.floorMod(timeNs - firstFrameNs, volumePeriodNs);
        return Math.min(into, volumePeriodNs - into);
    }

    /** Start of frame {@code frame} on the ZapLoop clock. */
    public long frameStartNs(long frame) {
        return firstFrameNs + frame * volumePeriodNs;
    }

    /**
     * Time of ephys sample {@code sample}, given that sample {@code refSample} was taken at {@code refSampleNs}
     * (e.g. an ephys block's {@code firstSample} and {@code acquisitionNs}) at {@code sampleRateHz}.
     */
    public static long sampleTimeNs(long sample, long refSample, long refSampleNs, double sampleRateHz) {
        if (!(sampleRateHz > 0) || Double.isInfinite(sampleRateHz)) {
            throw new IllegalArgumentException("sample rate must be finite and positive, got " + sampleRateHz);
        }
        return refSampleNs + Math.round((sample - refSample) * (1e9 / sampleRateHz));
    }

    /** The frame in which ephys sample {@code sample} was taken (see {@link #sampleTimeNs}). */
    public long frameOfSample(long sample, long refSample, long refSampleNs, double sampleRateHz) {
        return frameAt(sampleTimeNs(sample, refSample, refSampleNs, sampleRateHz));
    }
}
