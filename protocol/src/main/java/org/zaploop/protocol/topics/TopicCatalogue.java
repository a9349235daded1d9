package org.zaploop.protocol.topics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every topic of the ZapLoop contract (DESIGN.md, "Topics"), with the configs it is created with.
 *
 * <p>Sizes: a full ZAPBench z-plane is 2048 × 1328 uint16 = 5.44 MB, so the planes topic allows 8 MiB
 * messages; producers of planes must raise {@code max.request.size} to match (see
 * {@link #PLANE_MAX_MESSAGE_BYTES}). The planes and ephys topics are transport buffers (the recorder
 * writes the durable copy to a session archive), so they keep minutes to hours, bounded by size too.
 * Decisions and their audit trail are kept for good.
 */
public final class TopicCatalogue {

    /** 8 MiB: one full-size 2048 × 1328 uint16 plane (5.44 MB) plus header, with room to spare. */
    public static final int PLANE_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** 4 MiB: a neuron-table block or an ephys block of a dense probe. */
    public static final int BULK_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final String MINUTE = "60000";
    private static final String HOUR = "3600000";
    private static final String DAY = "86400000";
    private static final String WEEK = "604800000";
    private static final String FOREVER = "-1";

    public static final TopicSpec PLANES = new TopicSpec("zl.imaging.planes", 12,
            "session/z (UTF-8), e.g. \"fish-01/17\"", "binary ZLPL (imaging plane, uint16)",
            Map.of("retention.ms", String.valueOf(30 * 60_000L),
                    "retention.bytes", String.valueOf(2L * 1024 * 1024 * 1024),
                    "segment.bytes", String.valueOf(256 * 1024 * 1024),
                    "max.message.bytes", String.valueOf(PLANE_MAX_MESSAGE_BYTES),
                    "cleanup.policy", "delete"));

    public static final TopicSpec EPHYS = new TopicSpec("zl.ephys.blocks", 3,
            "session (UTF-8)", "binary ZLEP (ephys block, float32 or int16)",
            Map.of("retention.ms", DAY,
                    "max.message.bytes", String.valueOf(BULK_MAX_MESSAGE_BYTES),
                    "cleanup.policy", "delete"));

    public static final TopicSpec RIG_EVENTS = new TopicSpec("zl.rig.events", 3,
            "session (UTF-8)", "json RigEvent",
            Map.of("retention.ms", WEEK, "cleanup.policy", "delete"));

    public static final TopicSpec SEGMENTATION = new TopicSpec("zl.segmentation", 3,
            "session/block (UTF-8), e.g. \"fish-01/0003\"", "binary ZLNT (neuron table block)",
            Map.of("cleanup.policy", "compact",
                    "max.message.bytes", String.valueOf(BULK_MAX_MESSAGE_BYTES),
                    "min.compaction.lag.ms", MINUTE));

    public static final TopicSpec TRACES = new TopicSpec("zl.traces", 12,
            "session/block (UTF-8)", "binary ZLTR (trace block, float32)",
            Map.of("retention.ms", WEEK,
                    "max.message.bytes", String.valueOf(BULK_MAX_MESSAGE_BYTES),
                    "cleanup.policy", "delete"));

    public static final TopicSpec BEHAVIOR = new TopicSpec("zl.behavior", 3,
            "session (UTF-8)", "json Behavior",
            Map.of("retention.ms", WEEK, "cleanup.policy", "delete"));

    public static final TopicSpec FORECASTS = new TopicSpec("zl.forecasts", 12,
            "session/block (UTF-8)", "binary ZLFC (forecast block, float32)",
            Map.of("retention.ms", DAY,
                    "max.message.bytes", String.valueOf(BULK_MAX_MESSAGE_BYTES),
                    "cleanup.policy", "delete"));

    public static final TopicSpec FORECAST_SCORES = new TopicSpec("zl.forecast.scores", 3,
            "session (UTF-8)", "json ForecastScore",
            Map.of("retention.ms", WEEK, "cleanup.policy", "delete"));

    public static final TopicSpec STIMULUS_COMMANDS = new TopicSpec("zl.stimulus.commands", 3,
            "session (UTF-8)", "json StimulusCommand",
            Map.of("retention.ms", FOREVER, "cleanup.policy", "delete"));

    public static final TopicSpec SIM_ACTIVITY = new TopicSpec("zl.sim.activity", 6,
            "session/region (UTF-8)", "binary ZLSA (simulated population activity)",
            Map.of("retention.ms", DAY,
                    "max.message.bytes", String.valueOf(BULK_MAX_MESSAGE_BYTES),
                    "cleanup.policy", "delete"));

    public static final TopicSpec AUDIT = new TopicSpec("zl.audit", 3,
            "session (UTF-8)", "json AuditRecord",
            Map.of("retention.ms", FOREVER, "cleanup.policy", "delete"));

    /** 12 MiB: a dead letter carries the rejected record base64-encoded (4/3 of its size), up to a whole plane. */
    public static final int DLQ_MAX_MESSAGE_BYTES = 12 * 1024 * 1024;

    public static final TopicSpec DLQ = new TopicSpec("zl.dlq", 3,
            "source topic name (UTF-8)", "json DeadLetter",
            Map.of("retention.ms", WEEK,
                    "max.message.bytes", String.valueOf(DLQ_MAX_MESSAGE_BYTES),
                    "cleanup.policy", "delete"));

    /** The whole catalogue, in the order of DESIGN.md. */
    public static final List<TopicSpec> ALL = List.of(PLANES, EPHYS, RIG_EVENTS, SEGMENTATION, TRACES, BEHAVIOR,
            FORECASTS, FORECAST_SCORES, STIMULUS_COMMANDS, SIM_ACTIVITY, AUDIT, DLQ);

    private TopicCatalogue() {
    }

    public static Optional<TopicSpec> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
