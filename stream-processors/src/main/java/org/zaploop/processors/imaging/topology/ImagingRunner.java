package org.zaploop.processors.imaging.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;

import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.processors.streams.StreamsRunner;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.processors.streams.SessionRetirement;

/**
 * Runs {@link ImagingTopology} (zl.imaging.planes + zl.segmentation → zl.traces, DLQ) as its own Streams
 * application, by default {@code exactly_once_v2} (application id {@code zaploop-imaging}). Its internal topics
 * get {@code max.message.bytes} of a full plane unless the operator's overrides say otherwise.
 * {@code status()} adds the topology's counters.
 */
public final class ImagingRunner extends StreamsRunner {

    /** System property ({@code zaploop run imaging --replay}): when "true", the default runner is for replays. */
    public static final String REPLAY_PROPERTY = "zaploop.imaging.replay";

    private final ImagingCounters counters;

    /** The default runner, with {@link #fromProperties} applied. */
    public ImagingRunner() {
        this(RunnerConfig.exactlyOnce("zaploop-imaging"), fromProperties(ImagingConfig.defaults()));
    }

    /**
     * {@code config} with what {@code zaploop run} set as system properties: {@value #REPLAY_PROPERTY} true gives
     * {@link ImagingConfig#forReplay()}, and {@link SessionRetirement#PROPERTY} the retirement time.
     */
    public static ImagingConfig fromProperties(ImagingConfig config) {
        ImagingConfig c = config.withRetireAfterMs(SessionRetirement.afterMs(config.retireAfterMs()));
        return Boolean.getBoolean(REPLAY_PROPERTY) ? c.forReplay() : c;
    }

    public ImagingRunner(RunnerConfig config, ImagingConfig imaging) {
        this(withPlaneSizedTopics(config), imaging, new ImagingCounters());
    }

    private ImagingRunner(RunnerConfig config, ImagingConfig imaging, ImagingCounters counters) {
        super("imaging", b -> ImagingTopology.addTo(b, imaging, counters), config);
        this.counters = counters;
    }

    private static RunnerConfig withPlaneSizedTopics(RunnerConfig config) {
        Map<String, String> o = new HashMap<>();
        o.put(StreamsConfig.topicPrefix("max.message.bytes"),
                String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        // Planes and the segmentation reach the task through two co-partitioned topics: wait until both have data
        // (or are known to be caught up) so records go in timestamp order and a session's first planes do not
        // overtake the segmentation published before them.
        o.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "2000");
        // A few records queued per input partition, not Streams' 1,000: a full plane is 5.4 MB, so a thousand per
        // partition could hold gigabytes, and a task that drains a long queue in one go writes many frames of its
        // planes into the by-session repartition before the next task writes any of its own, so a frame's planes
        // reach the assembling task seconds of acquisition apart and it holds many frames open.
        o.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, "4");
        o.putAll(config.overrides());
        return config.withOverrides(o);
    }

    public ImagingCounters counters() {
        return counters;
    }

    @Override
    protected Map<String, org.zaploop.processors.streams.StageLatency> stageLatencies() {
        return Map.of("imaging", counters.traceLatency);
    }

    /** The table size goes down as well as up: a level, not a count. */
    @Override
    protected boolean isLevel(String figure, Number value) {
        return figure.equals("neurons") || super.isLevel(figure, value);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = super.status();
        m.putAll(counters.snapshot());
        return m;
    }
}
