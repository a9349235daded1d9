package org.zaploop.protocol;

import java.util.List;
import java.util.Optional;

import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.ForecastScore;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.SimActivity;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.serde.ZlSerdes;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * The typed topic catalogue: one constant per topic of {@link TopicCatalogue}, with key and value serdes.
 * Keys are UTF-8 strings built by {@link Keys}.
 */
public final class Topics {

    public static final Topic<String, Plane> PLANES = new Topic<>(TopicCatalogue.PLANES, ZlSerdes.key(), ZlSerdes.plane());
    public static final Topic<String, EphysBlock> EPHYS =
            new Topic<>(TopicCatalogue.EPHYS, ZlSerdes.key(), ZlSerdes.ephysBlock());
    public static final Topic<String, RigEvent> RIG_EVENTS =
            new Topic<>(TopicCatalogue.RIG_EVENTS, ZlSerdes.key(), ZlSerdes.rigEvent());
    public static final Topic<String, NeuronTableBlock> SEGMENTATION =
            new Topic<>(TopicCatalogue.SEGMENTATION, ZlSerdes.key(), ZlSerdes.neuronTableBlock());
    public static final Topic<String, TraceBlock> TRACES =
            new Topic<>(TopicCatalogue.TRACES, ZlSerdes.key(), ZlSerdes.traceBlock());
    public static final Topic<String, Behavior> BEHAVIOR =
            new Topic<>(TopicCatalogue.BEHAVIOR, ZlSerdes.key(), ZlSerdes.behavior());
    public static final Topic<String, ForecastBlock> FORECASTS =
            new Topic<>(TopicCatalogue.FORECASTS, ZlSerdes.key(), ZlSerdes.forecastBlock());
    public static final Topic<String, ForecastScore> FORECAST_SCORES =
            new Topic<>(TopicCatalogue.FORECAST_SCORES, ZlSerdes.key(), ZlSerdes.forecastScore());
    public static final Topic<String, StimulusCommand> STIMULUS_COMMANDS =
            new Topic<>(TopicCatalogue.STIMULUS_COMMANDS, ZlSerdes.key(), ZlSerdes.stimulusCommand());
    public static final Topic<String, SimActivity> SIM_ACTIVITY =
            new Topic<>(TopicCatalogue.SIM_ACTIVITY, ZlSerdes.key(), ZlSerdes.simActivity());
    public static final Topic<String, AuditRecord> AUDIT =
            new Topic<>(TopicCatalogue.AUDIT, ZlSerdes.key(), ZlSerdes.auditRecord());
    public static final Topic<String, DeadLetter> DLQ =
            new Topic<>(TopicCatalogue.DLQ, ZlSerdes.key(), ZlSerdes.deadLetter());

    /** Every topic, in the order of {@link TopicCatalogue#ALL}. */
    public static final List<Topic<String, ?>> ALL = List.of(PLANES, EPHYS, RIG_EVENTS, SEGMENTATION, TRACES,
            BEHAVIOR, FORECASTS, FORECAST_SCORES, STIMULUS_COMMANDS, SIM_ACTIVITY, AUDIT, DLQ);

    private Topics() {
    }

    public static Optional<Topic<String, ?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
