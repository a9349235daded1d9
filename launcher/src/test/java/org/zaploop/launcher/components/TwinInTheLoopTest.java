package org.zaploop.launcher.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.protocol.CandidateForecaster;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.SampleType;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.SimActivity;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;
import org.zaploop.sim.networks.ZebrafishNetwork;

/** The digital twin on a real broker: built from zl.segmentation, driven by zl.traces, publishing what it simulates. */
class TwinInTheLoopTest {

    private static final String SESSION = "twin-test";
    private static final int N = 1000;
    private static final int BLOCK = 500;
    private static final int W = 128;
    private static final int H = 83;
    private static final int D = 12;
    private static final double PERIOD_S = 0.9141;
    private static final double RATE = 6000;

    @TempDir
    Path dir;

    @Test
    void publishesActivityTrackingErrorAndForecastsAndDeadLettersWhatItCannotRead() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0)) {
            Properties a = new Properties();
            a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(a)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer());
                 TwinComponent twin = new TwinComponent(new ComponentContext(broker.bootstrapServers(), SESSION,
                         "small", dir.resolve("twin"), new SimpleMeterRegistry()), 2,
                         CandidateForecaster.parseList("OFF,PHOTOSTIM:intensity=0.5"), null)) {
                for (NeuronTableBlock b : table()) {
                    send(producer, Topics.SEGMENTATION, Keys.blockKey(SESSION, b.block()), b);
                }
                producer.flush();
                twin.start();
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> String.valueOf(twin.status().get("state")).startsWith("following"));
                producer.send(new ProducerRecord<>(Topics.TRACES.name(), Keys.blockKey(SESSION, 0),
                        "not a trace block".getBytes(StandardCharsets.UTF_8)));
                // frame 0 anchors the twin's frame periods; then the tail recording, from 2 s before frame 0 to past
                // frame 5's period, reaches it ahead of the other frames' traces, as a rig's does
                long frame0 = org.zaploop.protocol.ZapLoopClock.nowNs();
                sendFrame(producer, 0, frame0);
                producer.flush();
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> "1".equals(String.valueOf(twin.status().get("frames"))));
                int perBlock = 60;
                for (long s = 0; s < (2 + 6.5 * PERIOD_S) * RATE; s += perBlock) {
                    float[] tail = new float[perBlock * 10];
                    for (int i = 0; i < perBlock; i++) {
                        tail[i * 10] = (float) (0.02 * Math.sin(1.7 * (s + i)) + (s > 3 * RATE ? 0.2 * Math.sin(s + i) : 0));
                        tail[i * 10 + 1] = (float) (0.02 * Math.cos(1.3 * (s + i)));
                    }
                    send(producer, Topics.EPHYS, SESSION, new EphysBlock(SESSION, s, RATE,
                            frame0 - 2_000_000_000L + Math.round(s / RATE * 1e9), 10, perBlock, SampleType.FLOAT32,
                            1f, tail));
                }
                producer.flush();
                for (int f = 1; f < 6; f++) {
                    sendFrame(producer, f, frame0);
                }
                producer.flush();
                List<SimActivity> activity = readUntil(broker, Topics.SIM_ACTIVITY,
                        l -> l.stream().filter(s -> s.hasTrackingError()).count() >= 9 * 4);
                Set<String> regions = new HashSet<>();
                for (SimActivity s : activity) {
                    assertEquals(SESSION, s.session());
                    assertEquals(2, s.populationCount(), "excitatory and inhibitory population of " + s.region());
                    regions.add(s.region());
                }
                assertEquals(ZebrafishNetwork.regions().size(), regions.size(), "one record per region: " + regions);
                List<ForecastBlock> all = readUntil(broker, Topics.FORECASTS,
                        l -> l.stream().filter(fb -> fb.forecaster().equals("twin")).count() >= 2
                                && l.stream().anyMatch(fb -> fb.forecaster().equals("mpc.PHOTOSTIM.intensity.0.5"))
                                && l.stream().anyMatch(fb -> fb.forecaster().equals("mpc.OFF")));
                for (ForecastBlock fb : all) {
                    assertEquals(fb.forecaster().equals("twin") ? 32 : TwinComponent.MPC_HORIZON, fb.horizon(),
                            fb.forecaster());
                    assertEquals(BLOCK, fb.neuronCount());
                    assertEquals(fb.block() * BLOCK, fb.firstNeuron());
                }
                List<DeadLetter> dead = readUntil(broker, Topics.DLQ, l -> !l.isEmpty());
                assertTrue(dead.get(0).reason().contains("digital twin"), dead.get(0).reason());
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> twin.status().containsKey("err"));
                assertTrue(twin.status().containsKey("rt"), twin.status().toString());
                // every later frame's period was recorded before its traces came: each was simulated with its own
                // tail (frame 0 came before any tail sample, and counts neither way)
                assertEquals("5/5", twin.status().get("tail"), twin.status().toString());
            }
        }
    }

    /** Frame f's trace blocks, acquired one volume period after another from {@code frame0}. */
    private static void sendFrame(KafkaProducer<String, byte[]> producer, int f, long frame0) {
        for (int b = 0; b < N / BLOCK; b++) {
            float[] dff = new float[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                dff[i] = (float) (0.5 + 0.2 * Math.sin(f + i));
            }
            send(producer, Topics.TRACES, Keys.blockKey(SESSION, b), new TraceBlock(SESSION, f, b, b * BLOCK,
                    frame0 + Math.round(f * PERIOD_S * 1e9), false, dff, null));
        }
    }

    private static List<NeuronTableBlock> table() {
        float[] pos = ZebrafishNetwork.spec(N, 10, 1.0, 4).positionsUm();
        List<NeuronTableBlock> out = new ArrayList<>();
        for (int b = 0; b < N / BLOCK; b++) {
            int[] ids = new int[BLOCK];
            float[] cx = new float[BLOCK];
            float[] cy = new float[BLOCK];
            float[] cz = new float[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                int k = b * BLOCK + i;
                ids[i] = k + 1;
                cx[i] = (float) (pos[3 * k] / ZebrafishNetwork.VOLUME_X_UM * W);
                cy[i] = (float) (pos[3 * k + 1] / ZebrafishNetwork.VOLUME_Y_UM * H);
                cz[i] = (float) (pos[3 * k + 2] / ZebrafishNetwork.VOLUME_Z_UM * D);
            }
            out.add(new NeuronTableBlock(SESSION, 1, b, b * BLOCK, N, W, H, D, 0, ids, cx, cy, cz,
                    new int[BLOCK + 1], new int[0], null));
        }
        return out;
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    private static <V> List<V> readUntil(EmbeddedBroker broker, Topic<String, V> topic,
                                         java.util.function.Predicate<List<V>> done) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "twin-test-" + topic.name());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> k = new KafkaConsumer<>(c, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            k.subscribe(List.of(topic.name()));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                k.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                return done.test(out);
            });
        }
        return out;
    }
}
