package org.zaploop.launcher.components;

import java.util.Map;

/**
 * One part of the loop (virtual fish, a processor, the controller...) as the launcher runs it: started in
 * this JVM by {@code zaploop demo}, or alone by {@code zaploop run NAME}. Components talk to each other only
 * through Kafka topics.
 */
public interface Component extends AutoCloseable {

    /** The name used by {@code zaploop run NAME} and in status lines. */
    String name();

    /** Starts the component's threads and returns; failures to start throw with a plain message. */
    void start();

    /** The component's figures for the summary and {@code zaploop run} (small, bounded, cheap to compute). */
    Map<String, Object> status();

    /** The few figures that fit the demo's one-line status; all of {@link #status()} unless a component says less. */
    default Map<String, Object> statusLine() {
        return status();
    }

    /** Stops the component, flushing what it has produced. */
    @Override
    void close();
}
