package org.zaploop.launcher.components;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every component gets when it starts.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param session   the session id this run produces or follows
 * @param scale     geometry: {@code small} (the demo's real-time default on two cores) or {@code full} (ZAPBench size)
 * @param workDir   a directory the component may write state to (its own subdirectory)
 * @param meters    where the component registers its meters (served on the process's /metrics)
 */
public record ComponentContext(String bootstrap, String session, String scale, Path workDir, MeterRegistry meters) {

    public ComponentContext {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(meters, "meters");
        if (!scale.equals("small") && !scale.equals("full")) {
            throw new IllegalArgumentException("scale must be 'small' or 'full', got '" + scale + "'");
        }
    }
}
