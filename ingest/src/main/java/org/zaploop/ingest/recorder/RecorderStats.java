package org.zaploop.ingest.recorder;

/**
 * What a recorder has done so far (a snapshot).
 *
 * @param resumed              the archive was an interrupted recording, continued
 * @param records              records read, all sessions
 * @param otherSessions        records of other sessions, ignored
 * @param deadLetters          records sent to {@code zl.dlq} (malformed or not fitting the archive)
 * @param planes               planes (or tiles) of this session taken
 * @param volumes              volumes committed
 * @param traceFrames          trace frames committed
 * @param ephysSamples         ephys samples committed
 * @param events               rig events stored
 * @param ephysGaps            gaps in the ephys sample index (filled with NaN, noted)
 * @param ephysGapSamples      samples missing in those gaps
 * @param ephysDuplicateBlocks ephys blocks that repeated stored samples (dropped, wholly or in part)
 * @param ephysDuplicateSamples samples dropped as duplicates
 * @param volumesGivenUp       volumes stored with missing planes (zeros, noted)
 * @param traceFramesGivenUp   trace frames stored with missing neurons (NaN, noted)
 * @param tracesWaiting        trace blocks held until the neuron count is known
 * @param commits              commit records written by this recorder
 * @param bytes                record bytes read
 */
public record RecorderStats(boolean resumed, long records, long otherSessions, long deadLetters, long planes,
                            long volumes, long traceFrames, long ephysSamples, long events, long ephysGaps,
                            long ephysGapSamples, long ephysDuplicateBlocks, long ephysDuplicateSamples,
                            long volumesGivenUp, long traceFramesGivenUp, long tracesWaiting, long commits,
                            long bytes) {
}
