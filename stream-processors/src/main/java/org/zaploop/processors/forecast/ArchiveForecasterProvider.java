package org.zaploop.processors.forecast;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds a forecaster that needs more of the recorded session than a window's context: the digital twin follows
 * the whole session (neuron table, stimuli, every frame up to the window) before it simulates ahead. The forecast
 * processor's module does not import the twin (module boundaries): the launcher provides one through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.zaploop.processors.forecast.ArchiveForecasterProvider})
 * and {@code bench forecast} asks it for the names it knows.
 */
public interface ArchiveForecasterProvider {

    /** Whether {@code spec} (an entry of {@code --forecasters}) names a forecaster this provider builds. */
    boolean builds(String spec);

    /**
     * A forecaster of {@code horizon} frames from {@code context} frames for the session in {@code archive}.
     *
     * @throws IOException              if the archive cannot be read
     * @throws IllegalArgumentException if the archive lacks what the forecaster needs (named in the message)
     */
    Forecaster create(String spec, Path archive, int context, int horizon) throws IOException;
}
