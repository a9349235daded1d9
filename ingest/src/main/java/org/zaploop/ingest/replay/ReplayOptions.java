package org.zaploop.ingest.replay;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How to replay an archive.
 *
 * @param archive  the archive directory (a ZapLoop session archive, or a ZAPBench traces layout)
 * @param speed    time scale: 1 real time, 10 ten times faster; {@code Double.POSITIVE_INFINITY} as fast as
 *                 possible
 * @param fromS    start, seconds of session time (0 = the start)
 * @param toS      end (exclusive), seconds of session time ({@code Double.POSITIVE_INFINITY} = the end)
 * @param loop     start again from {@code fromS} at the end, until closed (frames keep counting up)
 * @param streams  what to publish
 * @param session  the replay's session id, or null for {@code <original>-replay-<n>}
 * @param zapbench treat the archive as a ZAPBench traces-only layout: publish only its traces
 */
public record ReplayOptions(Path archive, double speed, double fromS, double toS, boolean loop,
                            Set<ReplayStream> streams, String session, boolean zapbench) {

    public ReplayOptions {
        Objects.requireNonNull(archive, "archive");
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0 (or max), got " + speed);
        }
        if (!(fromS >= 0) || !(toS > fromS)) {
            throw new IllegalArgumentException("need 0 ≤ from < to, got from " + fromS + " s, to " + toS + " s");
        }
        streams = streams == null || streams.isEmpty() ? EnumSet.allOf(ReplayStream.class) : EnumSet.copyOf(streams);
    }

    /** Everything, at real time, under a new session id. */
    public static ReplayOptions of(Path archive) {
        return new ReplayOptions(archive, 1, 0, Double.POSITIVE_INFINITY, false, null, null, false);
    }

    public ReplayOptions withSpeed(double s) {
        return new ReplayOptions(archive, s, fromS, toS, loop, streams, session, zapbench);
    }

    public ReplayOptions withSession(String s) {
        return new ReplayOptions(archive, speed, fromS, toS, loop, streams, s, zapbench);
    }

    public ReplayOptions withRange(double from, double to) {
        return new ReplayOptions(archive, speed, from, to, loop, streams, session, zapbench);
    }

    public ReplayOptions withStreams(Set<ReplayStream> s) {
        return new ReplayOptions(archive, speed, fromS, toS, loop, s, session, zapbench);
    }

    public ReplayOptions withLoop(boolean l) {
        return new ReplayOptions(archive, speed, fromS, toS, l, streams, session, zapbench);
    }

    public ReplayOptions withZapbench(boolean z) {
        return new ReplayOptions(archive, speed, fromS, toS, loop, streams, session, z);
    }

    public boolean maxSpeed() {
        return Double.isInfinite(speed);
    }
}
