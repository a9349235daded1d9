package org.zaploop.protocol.serde;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import org.zaploop.protocol.codec.AuditRecordCodec;
import org.zaploop.protocol.codec.BehaviorCodec;
import org.zaploop.protocol.codec.DeadLetterCodec;
import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.codec.ForecastBlockCodec;
import org.zaploop.protocol.codec.ForecastScoreCodec;
import org.zaploop.protocol.codec.NeuronTableBlockCodec;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.codec.SimActivityCodec;
import org.zaploop.protocol.codec.StimulusCommandCodec;
import org.zaploop.protocol.codec.TraceBlockCodec;
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

/**
 * One Kafka serde per ZapLoop record type, plus the key serde. Serdes are stateless and shared; pass them
 * explicitly (better: through {@code org.zaploop.protocol.Topics}) to every producer, consumer and topology
 * node, never rely on default serdes.
 */
public final class ZlSerdes {

    private static final CodecSerde<Plane> PLANE = new CodecSerde<>(new PlaneCodec());
    private static final CodecSerde<EphysBlock> EPHYS = new CodecSerde<>(new EphysBlockCodec());
    private static final CodecSerde<RigEvent> RIG_EVENT = new CodecSerde<>(new RigEventCodec());
    private static final CodecSerde<NeuronTableBlock> NEURON_TABLE = new CodecSerde<>(new NeuronTableBlockCodec());
    private static final CodecSerde<TraceBlock> TRACE = new CodecSerde<>(new TraceBlockCodec());
    private static final CodecSerde<Behavior> BEHAVIOR = new CodecSerde<>(new BehaviorCodec());
    private static final CodecSerde<ForecastBlock> FORECAST = new CodecSerde<>(new ForecastBlockCodec());
    private static final CodecSerde<ForecastScore> FORECAST_SCORE = new CodecSerde<>(new ForecastScoreCodec());
    private static final CodecSerde<StimulusCommand> COMMAND = new CodecSerde<>(new StimulusCommandCodec());
    private static final CodecSerde<SimActivity> SIM_ACTIVITY = new CodecSerde<>(new SimActivityCodec());
    private static final CodecSerde<AuditRecord> AUDIT = new CodecSerde<>(new AuditRecordCodec());
    private static final CodecSerde<DeadLetter> DEAD_LETTER = new CodecSerde<>(new DeadLetterCodec());
    private static final Serde<String> KEY = Serdes.String();

    private ZlSerdes() {
    }

    /** Keys are UTF-8 strings (formats in {@code org.zaploop.protocol.Keys}). */
    public static Serde<String> key() {
        return KEY;
    }

    public static CodecSerde<Plane> plane() {
        return PLANE;
    }

    public static CodecSerde<EphysBlock> ephysBlock() {
        return EPHYS;
    }

    public static CodecSerde<RigEvent> rigEvent() {
        return RIG_EVENT;
    }

    public static CodecSerde<NeuronTableBlock> neuronTableBlock() {
        return NEURON_TABLE;
    }

    public static CodecSerde<TraceBlock> traceBlock() {
        return TRACE;
    }

    public static CodecSerde<Behavior> behavior() {
        return BEHAVIOR;
    }

    public static CodecSerde<ForecastBlock> forecastBlock() {
        return FORECAST;
    }

    public static CodecSerde<ForecastScore> forecastScore() {
        return FORECAST_SCORE;
    }

    public static CodecSerde<StimulusCommand> stimulusCommand() {
        return COMMAND;
    }

    public static CodecSerde<SimActivity> simActivity() {
        return SIM_ACTIVITY;
    }

    public static CodecSerde<AuditRecord> auditRecord() {
        return AUDIT;
    }

    public static CodecSerde<DeadLetter> deadLetter() {
        return DEAD_LETTER;
    }
}
