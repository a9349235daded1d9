package org.zaploop.sim.rig;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.zaploop.protocol.kafka.PlanePartitioner;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.realtime.LoopThreads;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.SampleType;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.sim.fish.EphysLayout;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.RigOutput;

/**
 * The virtual fish as a rig on Kafka: planes to {@code zl.imaging.planes} (key {@code session/z}), ephys blocks
 * to {@code zl.ephys.blocks} and what it presents to {@code zl.rig.events} (key {@code session}).
 *
 * <p>Two producers, because the two kinds of data want opposite settings: ephys and events are the loop's fast
 * path (no batching delay, {@code linger.ms=0}), planes are bulk (5.4 MB at full size, batched, large requests).
 * A slow broker blocks {@code send} once the producer's buffer is full, which slows the fish down, and its
 * runner reports the lag: back-pressure instead of unbounded buffering.
 */
public final class KafkaRigOutput implements RigOutput, AutoCloseable {

    private final String session;
    private final FishGeometry geometry;
    private final KafkaProducer<String, Plane> planes;
    private final KafkaProducer<String, Object> fast;
    private final AtomicLong sentPlanes = new AtomicLong();
    private final AtomicLong sentEphys = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final Timer planeLatency;
    private final Timer ephysLatency;
    private final String[] planeKeys;
    private long frame = -1;

    /**
     * @param meters where the acquisition → Kafka-acknowledgement latency of planes and ephys is recorded
     *               ({@code zaploop.stage.latency}, stage {@code rig-publish})
     */
    public KafkaRigOutput(String bootstrap, String session, FishGeometry geometry, Properties overrides,
                          MeterRegistry meters) {
        this.session = session;
        this.geometry = geometry;
        Properties bulk = base(bootstrap, "zaploop-fish-planes-" + session);
        bulk.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        bulk.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1024 * 1024));
        bulk.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        bulk.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(256L * 1024 * 1024));
        PlanePartitioner.configure(bulk);
        bulk.putAll(overrides);
        this.planes = new KafkaProducer<>(KafkaClientSettings.secure(bulk), Topics.PLANES.keySerde().serializer(), Topics.PLANES.valueSerde().serializer());
        Properties quick = base(bootstrap, "zaploop-fish-fast-" + session);
        quick.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        quick.putAll(overrides);
        // its I/O thread is a loop thread: ephys is the loop's first hop
        this.fast = LoopThreads.creating(() -> new KafkaProducer<>(KafkaClientSettings.secure(quick),
                Topics.EPHYS.keySerde().serializer(), new FastValueSerializer()));
        this.planeLatency = stageLatency(meters, "plane");
        this.ephysLatency = stageLatency(meters, "ephys");
        this.planeKeys = new String[geometry.depth()];
        for (int z = 0; z < planeKeys.length; z++) {
            planeKeys[z] = Keys.planeKey(session, z);
        }
    }

    private static Properties base(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    private static Timer stageLatency(MeterRegistry meters, String data) {
        return Timer.builder("zaploop.stage.latency")
                .description("time from the acquisition of the data to the end of the stage")
                .tags("stage", "rig-publish", "data", data)
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Counts the acknowledgement and records how long after acquisition it came. */
    private Callback acknowledged(AtomicLong ok, Timer latency, long acquisitionNs) {
        return (metadata, e) -> {
            if (e == null) {
                ok.incrementAndGet();
                latency.record(ZapLoopClock.nowNs() - acquisitionNs, TimeUnit.NANOSECONDS);
            } else {
                sendErrors.incrementAndGet();
                lastError.set(e.getMessage());
            }
        };
    }

    @Override
    public void plane(long frame, int z, long acquisitionNs, short[] pixels) {
        this.frame = frame;
        Plane p = Plane.whole(session, frame, z, geometry.depth(), acquisitionNs, geometry.width(), geometry.height(),
                pixels.clone());
        planes.send(new ProducerRecord<>(Topics.PLANES.name(), null, acquisitionNs / 1_000_000, planeKeys[z], p),
                acknowledged(sentPlanes, planeLatency, acquisitionNs));
    }

    @Override
    public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
        float[] copy = java.util.Arrays.copyOf(data, samples * EphysLayout.CHANNELS);
        EphysBlock b = new EphysBlock(session, firstSample, EphysLayout.SAMPLE_RATE_HZ, acquisitionNs,
                EphysLayout.CHANNELS, samples, SampleType.FLOAT32, 1f, copy);
        fast.send(new ProducerRecord<>(Topics.EPHYS.name(), null, acquisitionNs / 1_000_000, session, b),
                acknowledged(sentEphys, ephysLatency, acquisitionNs));
    }

    @Override
    public void presented(String stimulus, Map<String, Double> params, int condition, long acquisitionNs,
                          long commandSeq, String note) {
        RigEvent e = new RigEvent(session, acquisitionNs, commandSeq >= 0 ? RigEventKind.COMMAND_ACK : RigEventKind.STIMULUS,
                frame >= 0 ? frame : null, condition >= 0 ? condition : null, stimulus, params,
                commandSeq >= 0 ? commandSeq : null, note == null || note.isEmpty() ? null : note);
        fast.send(new ProducerRecord<>(Topics.RIG_EVENTS.name(), null, acquisitionNs / 1_000_000, session, e));
    }

    public long sentPlanes() {
        return sentPlanes.get();
    }

    public long sentEphysBlocks() {
        return sentEphys.get();
    }

    public long sendErrors() {
        return sendErrors.get();
    }

    public String lastError() {
        return lastError.get();
    }

    @Override
    public void close() {
        planes.close();
        fast.close();
    }

    /** Ephys blocks and rig events share the fast producer: each is encoded by its own codec. */
    private static final class FastValueSerializer implements org.apache.kafka.common.serialization.Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object data) {
            if (data instanceof EphysBlock b) {
                return Topics.EPHYS.valueSerde().serializer().serialize(topic, b);
            }
            if (data instanceof RigEvent e) {
                return Topics.RIG_EVENTS.valueSerde().serializer().serialize(topic, e);
            }
            throw new IllegalArgumentException("the fish's fast producer sends ephys blocks and rig events, not "
                    + data.getClass().getSimpleName());
        }
    }
}
