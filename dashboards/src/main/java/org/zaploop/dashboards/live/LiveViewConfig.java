package org.zaploop.dashboards.live;

import java.util.Objects;

import org.zaploop.protocol.Names;

/**
 * Settings of the live view.
 *
 * @param bootstrap     Kafka bootstrap servers
 * @param session       the session to show (records of other sessions are skipped and counted)
 * @param host          address the HTTP server binds to
 * @param port          HTTP port, 0 for any free one
 * @param dffLow        ΔF/F mapped to the first colour (and quantum 1); lower values are clipped
 * @param dffHigh       ΔF/F mapped to the last colour (quantum 255); higher values are clipped
 * @param historyFrames frames of ΔF/F kept for the trace of a newly selected neuron or ensemble
 */
public record LiveViewConfig(String bootstrap, String session, String host, int port, float dffLow, float dffHigh,
                             int historyFrames) {

    /** The demo's default port. */
    public static final int DEFAULT_PORT = 8080;

    public LiveViewConfig {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Names.requireSession(session);
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (!(dffHigh > dffLow) || !Float.isFinite(dffLow) || !Float.isFinite(dffHigh)) {
            throw new IllegalArgumentException("ΔF/F range must be finite with low < high, got [" + dffLow + ", "
                    + dffHigh + "]");
        }
        if (historyFrames < 2 || historyFrames > 4096) {
            throw new IllegalArgumentException("historyFrames must be in [2, 4096], got " + historyFrames);
        }
    }

    /** ΔF/F from -0.2 to 1.5, 256 frames of history (about 4 minutes). */
    public static LiveViewConfig defaults(String bootstrap, String session, String host, int port) {
        return new LiveViewConfig(bootstrap, session, host, port, -0.2f, 1.5f, 256);
    }
}
