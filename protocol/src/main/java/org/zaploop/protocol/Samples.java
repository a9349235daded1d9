package org.zaploop.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.zaploop.protocol.codec.AuditRecordCodec;
import org.zaploop.protocol.codec.BehaviorCodec;
import org.zaploop.protocol.codec.Codec;
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
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.ForecastScore;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.SampleType;
import org.zaploop.protocol.records.SimActivity;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.protocol.records.TraceBlock;

/** Small, deterministic, valid records of every type: the golden vectors, the fuzz seeds, the broker payloads. */
public final class Samples {

    public static final String SESSION = "fish-01";
    public static final long T0 = 1_700_000_000_000_000_000L;

    /** A named sample: the golden file stem, its codec and its record. */
    public record Sample<T>(String name, Codec<T> codec, T value) {
        public byte[] encode() {
            return codec.encode(value);
        }

        public boolean binary() {
            return !codec.format().matches("[A-Z][a-z].*");
        }

        public String fileName() {
            return name + (binary() ? ".bin" : ".json");
        }
    }

    private Samples() {
    }

    public static Plane plane() {
        short[] px = new short[4 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (i * 5000 + 7); // crosses 32767, so the unsigned reading is exercised
        }
        return new Plane(SESSION, 42, 17, 72, T0 + 914_100_000L, 2048, 1328, 1024, 512, 4, 3, px);
    }

    public static Plane wholePlane() {
        short[] px = new short[3 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (65535 - i);
        }
        return Plane.whole("rig.b_2", 0, 0, 1, T0, 3, 2, px);
    }

    public static EphysBlock ephysFloat() {
        float[] data = {0.5f, -0.25f, 1.0e-3f, 3.0f, -1.5f, 0.125f};
        return new EphysBlock(SESSION, 6000, 6000.0, T0, 2, 3, SampleType.FLOAT32, 1f, data);
    }

    public static EphysBlock ephysInt16() {
        short[] counts = {0, 1, -1, 32767, -32768, 1234, -4321, 7};
        return EphysBlock.fromInt16(SESSION, 120_000, 30_000.0, T0 + 4_000_000L, 4, 2, 0.195f, counts);
    }

    public static RigEvent rigEvent() {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("velocity", 10.0);
        params.put("gain", 0.5);
        return new RigEvent(SESSION, T0 + 5_000_000L, RigEventKind.STIMULUS, 42L, 3, "GRATING", params, null,
                "presented on the bottom projector");
    }

    public static RigEvent rigEventAck() {
        return new RigEvent(SESSION, T0 + 6_000_000L, RigEventKind.COMMAND_ACK, null, null, null, Map.of(), 17L, null);
    }

    public static NeuronTableBlock neuronTable() {
        int[] ids = {100, 101, 102};
        float[] cx = {10.5f, 20.25f, 30f};
        float[] cy = {5f, 6.5f, 7.75f};
        float[] cz = {0f, 1f, 2.5f};
        int[] start = {0, 2, 3, 5};
        int[] voxels = {0, 1, 8 + 4 * 8 * 6, 2 * 8 * 6 + 3, 2 * 8 * 6 + 4};
        float[] weights = {1f, 0.5f, 0.75f, 0.25f, 1f};
        return new NeuronTableBlock(SESSION, 2, 3, 300, 1000, 8, 6, 5, T0, ids, cx, cy, cz, start, voxels, weights);
    }

    public static NeuronTableBlock neuronTableUnweighted() {
        return new NeuronTableBlock(SESSION, 1, 0, 0, 2, 4, 4, 1, T0, new int[] {7, 9},
                new float[] {1f, 2f}, new float[] {1f, 3f}, new float[] {0f, 0f},
                new int[] {0, 1, 2}, new int[] {5, 10}, null);
    }

    public static TraceBlock trace() {
        return new TraceBlock(SESSION, 42, 3, 300, T0 + 914_100_000L, false,
                new float[] {0.1f, -0.05f, 1.25f}, new float[] {512f, 498.5f, 1200f});
    }

    public static TraceBlock tracePartial() {
        return new TraceBlock(SESSION, 43, 0, 0, T0 + 2 * 914_100_000L, true, new float[] {0.0f, 2.5f}, null);
    }

    public static Behavior behavior() {
        return new Behavior(SESSION, T0 + 1_000_000L, 6000, 6059, 0.8, 1.2, 1.0, 0.2, true, true, 12);
    }

    public static ForecastBlock forecast() {
        float[] values = {0.1f, 0.2f, 0.3f, 0.11f, 0.21f, 0.31f};
        return new ForecastBlock(SESSION, "linear-ar", 42, 3, 300, 3, 4, 2, T0 + 914_100_000L, values);
    }

    public static ForecastScore forecastScore() {
        return new ForecastScore(SESSION, "linear-ar", -1, 42, T0 + 914_100_000L, 4,
                new double[] {0.012, 0.0155, 0.02}, 37);
    }

    public static StimulusCommand command() {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("velocity", 10.0);
        params.put("direction", 180.0);
        params.put("intensity", 0.75);
        return new StimulusCommand(SESSION, 17, T0 + 920_000_000L, T0 + 914_100_000L, T0 + 920_000_000L,
                T0 + 1_920_000_000L, Stimulus.GRATING, params, "omr-gain", 2);
    }

    public static AuditRecord audit() {
        Map<String, Object> policyParams = new LinkedHashMap<>();
        policyParams.put("gain", 0.5);
        policyParams.put("mode", "closed");
        policyParams.put("window", 8L);
        policyParams.put("adaptive", true);
        return new AuditRecord(SESSION, 17, T0 + 920_000_000L, T0 + 914_100_000L, "omr-gain", policyParams,
                List.of(new InputRef("zl.behavior", 1, 1234, T0 + 1_000_000L),
                        new InputRef("zl.forecasts", 7, 99, T0 + 914_100_000L)),
                Decision.ISSUED, null, "swim vigor below target", command());
    }

    public static AuditRecord auditRefused() {
        return new AuditRecord(SESSION, 18, T0 + 930_000_000L, T0 + 914_100_000L, "photostim-burst", Map.of(),
                List.of(), Decision.REFUSED, "laser-duty-cycle", "duty cycle 12% > 10%", null);
    }

    public static SimActivity simActivity() {
        return new SimActivity(SESSION, "hindbrain", T0 + 914_100_000L, 5_000_000_000L, 3,
                new float[] {12.5f, 3f, 0f}, new float[] {0.05f, -0.01f, 0.2f}, 0.125f);
    }

    public static SimActivity simActivityNoError() {
        return new SimActivity(SESSION, "tectum", T0, 0, 1, new float[] {1f}, new float[] {0f}, Float.NaN);
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.of("zl.traces", 5, 123_456, T0 + 1_000_000_000L,
                "ZLTR: unknown version 9", "fish-01/0003".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new byte[] {'Z', 'L', 'T', 'R', 9, 0, 0, 0});
    }

    public static DeadLetter deadLetterNoKey() {
        return new DeadLetter("zl.rig.events", 0, 0, T0, "RigEvent: not valid JSON", null, null);
    }

    /** Every sample, in catalogue order; the names are the golden file stems. */
    public static List<Sample<?>> all() {
        return List.of(
                new Sample<>("plane-v1", new PlaneCodec(), plane()),
                new Sample<>("plane-whole-v1", new PlaneCodec(), wholePlane()),
                new Sample<>("ephys-float32-v1", new EphysBlockCodec(), ephysFloat()),
                new Sample<>("ephys-int16-v1", new EphysBlockCodec(), ephysInt16()),
                new Sample<>("rig-event-v1", new RigEventCodec(), rigEvent()),
                new Sample<>("rig-event-ack-v1", new RigEventCodec(), rigEventAck()),
                new Sample<>("neuron-table-v1", new NeuronTableBlockCodec(), neuronTable()),
                new Sample<>("neuron-table-unweighted-v1", new NeuronTableBlockCodec(), neuronTableUnweighted()),
                new Sample<>("trace-v1", new TraceBlockCodec(), trace()),
                new Sample<>("trace-partial-v1", new TraceBlockCodec(), tracePartial()),
                new Sample<>("behavior-v1", new BehaviorCodec(), behavior()),
                new Sample<>("forecast-v1", new ForecastBlockCodec(), forecast()),
                new Sample<>("forecast-score-v1", new ForecastScoreCodec(), forecastScore()),
                new Sample<>("stimulus-command-v1", new StimulusCommandCodec(), command()),
                new Sample<>("audit-v1", new AuditRecordCodec(), audit()),
                new Sample<>("audit-refused-v1", new AuditRecordCodec(), auditRefused()),
                new Sample<>("sim-activity-v1", new SimActivityCodec(), simActivity()),
                new Sample<>("sim-activity-nan-v1", new SimActivityCodec(), simActivityNoError()),
                new Sample<>("dead-letter-v1", new DeadLetterCodec(), deadLetter()),
                new Sample<>("dead-letter-nokey-v1", new DeadLetterCodec(), deadLetterNoKey()));
    }
}
