package org.zaploop.load;

import java.util.List;
import java.util.Map;

/**
 * A load scenario: sources that play acquisition at a multiple of ZAPBench's real time, the real components of
 * the pipeline they feed (Kafka Streams topologies, the behaviour fast path, the controller), and readers that
 * time what comes out. Everything talks through the broker at {@code bootstrap}.
 */
public interface LoadScenario extends AutoCloseable {

    /** traces, volumes, ephys or mixed. */
    String name();

    /**
     * Starts the pipeline, the readers and then the sources, reporting into {@code probe}; returns once the
     * sources run (throws with a plain message if a part cannot start).
     */
    void start(String bootstrap, LoadProbe probe) throws Exception;

    /** Changes the sources' rate, × ZAPBench real time, while running. */
    void rate(double multiplier);

    /** Whether {@link #rate} can change the rate (a scenario that keeps real time says no). */
    default boolean rampable() {
        return true;
    }

    /** The consumer groups whose lag says whether the pipeline keeps up. */
    List<String> consumerGroups();

    /** The latency stream that a ramp step's p99 is taken from. */
    String mainStream();

    /** The scenario's parameters, for the report. */
    Map<String, Object> settings();

    /** Things the reader of the report must know (e.g. a source that could not keep its schedule). */
    List<String> notes();

    @Override
    void close();
}
