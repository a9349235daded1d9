package org.zaploop.ingest.replay;

import java.util.Map;

/**
 * What a replay did.
 *
 * @param original the archive's session id
 * @param session  the replay's session id
 * @param frames   volumes published (planes or traces)
 * @param records  records sent
 * @param bytes    record value bytes sent
 * @param seconds  wall time
 * @param periodS  the original's seconds per volume
 * @param loops    passes over the range
 * @param perTopic records per topic
 */
public record ReplayResult(String original, String session, long frames, long records, long bytes, double seconds,
                           double periodS, int loops, Map<String, Long> perTopic) {

    public double framesPerSecond() {
        return seconds > 0 ? frames / seconds : 0;
    }

    /** Frames per second × the original volume period: 1 = as fast as recorded. */
    public double realTimeFactor() {
        return framesPerSecond() * periodS;
    }

    public double megabytesPerSecond() {
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }
}
