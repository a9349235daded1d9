package org.zaploop.ingest.recorder;

import java.nio.file.Path;
import java.util.Objects;

import org.zaploop.protocol.Names;

/**
 * What to record and where.
 *
 * @param session       the session to record; records of every other session are ignored
 * @param out           the archive directory: created if absent or empty, resumed if it holds this session
 * @param neurons       trace columns if known in advance (0 = learn it from the {@code SESSION_START} event's
 *                      {@code neurons} parameter or from {@code zl.segmentation})
 * @param volumePeriodS seconds per volume if known in advance (0 = the {@code SESSION_START} event's
 *                      {@code volumePeriodS}, else ZAPBench's 0.9141)
 * @param window        frames after which a volume or trace frame that lost data is stored without it
 */
public record RecorderSettings(String session, Path out, int neurons, double volumePeriodS, int window) {

    public static final int DEFAULT_WINDOW = 8;

    public RecorderSettings {
        Names.requireSession(session);
        Objects.requireNonNull(out, "out");
        if (neurons < 0 || volumePeriodS < 0 || !Double.isFinite(volumePeriodS) || window < 1) {
            throw new IllegalArgumentException("neurons and volume period must be ≥ 0 and the window ≥ 1");
        }
    }

    public static RecorderSettings of(String session, Path out) {
        return new RecorderSettings(session, out, 0, 0, DEFAULT_WINDOW);
    }

    public RecorderSettings withNeurons(int n) {
        return new RecorderSettings(session, out, n, volumePeriodS, window);
    }

    public RecorderSettings withVolumePeriod(double s) {
        return new RecorderSettings(session, out, neurons, s, window);
    }
}
