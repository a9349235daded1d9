package org.zaploop.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;
import org.zaploop.protocol.topics.TopicSpec;

/**
 * Every record type through a real one-node KRaft broker with the typed {@link Topics} serdes: topics created
 * from {@link TopicCatalogue} with their configs, one record of each type produced and read back equal, and a
 * full-size 2048 × 1328 ZAPBench plane through {@code zl.imaging.planes}.
 */
class RecordRoundTripTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startBrokerAndCreateTopics() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(dir)
                .build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            // the provisioner, not a bare createTopics: it waits until every new partition can take writes
            new TopicProvisioner(admin, (short) 1, 60_000).provision(TopicCatalogue.ALL);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void topicsCarryTheCatalogueConfigs() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            List<ConfigResource> resources = TopicCatalogue.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).collect(Collectors.toList());
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (TopicSpec spec : TopicCatalogue.ALL) {
                Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((k, v) -> assertEquals(v, actual.get(k).value(), spec.name() + " " + k));
                assertEquals(spec.partitions(),
                        admin.describeTopics(List.of(spec.name())).allTopicNames().get().get(spec.name())
                                .partitions().size());
            }
        }
    }

    @Test
    void everyRecordTypeRoundTripsThroughTheBroker() {
        String s = Samples.SESSION;
        roundTrip(Topics.PLANES, Keys.planeKey(s, 17), Samples.plane());
        roundTrip(Topics.EPHYS, Keys.sessionKey(s), Samples.ephysInt16());
        roundTrip(Topics.EPHYS, Keys.sessionKey(s), Samples.ephysFloat());
        roundTrip(Topics.RIG_EVENTS, Keys.sessionKey(s), Samples.rigEvent());
        roundTrip(Topics.SEGMENTATION, Keys.blockKey(s, 3), Samples.neuronTable());
        roundTrip(Topics.TRACES, Keys.blockKey(s, 3), Samples.trace());
        roundTrip(Topics.BEHAVIOR, Keys.sessionKey(s), Samples.behavior());
        roundTrip(Topics.FORECASTS, Keys.blockKey(s, 3), Samples.forecast());
        roundTrip(Topics.FORECAST_SCORES, Keys.sessionKey(s), Samples.forecastScore());
        roundTrip(Topics.STIMULUS_COMMANDS, Keys.sessionKey(s), Samples.command());
        roundTrip(Topics.SIM_ACTIVITY, Keys.regionKey(s, "hindbrain"), Samples.simActivity());
        roundTrip(Topics.AUDIT, Keys.sessionKey(s), Samples.audit());
        roundTrip(Topics.DLQ, Topics.TRACES.name(), Samples.deadLetter());
    }

    @Test
    void aFullSizeZapBenchPlaneGoesThrough() {
        short[] px = new short[2048 * 1328];
        Random random = new Random(7);
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) random.nextInt(65536);
        }
        Plane full = Plane.whole(Samples.SESSION, 1, 40, 72, Samples.T0, 2048, 1328, px);
        roundTrip(Topics.PLANES, Keys.planeKey(Samples.SESSION, 40), full);
    }

    @Test
    void tombstonesPassAsNull() {
        roundTrip(Topics.SEGMENTATION, Keys.blockKey(Samples.SESSION, 9), null);
    }

    /** Produces one record with the topic's serdes, then reads the topic from the start until it shows up. */
    private static <V> void roundTrip(Topic<String, V> topic, String key, V value) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicCatalogue.PLANE_MAX_MESSAGE_BYTES);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        long offset;
        int partition;
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerConfig,
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            var metadata = producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
            offset = metadata.offset();
            partition = metadata.partition();
        } catch (Exception e) {
            throw new AssertionError("producing to " + topic.name() + " failed", e);
        }

        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, TopicCatalogue.PLANE_MAX_MESSAGE_BYTES);
        consumerConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 2 * TopicCatalogue.PLANE_MAX_MESSAGE_BYTES);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(consumerConfig,
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            TopicPartition tp = new TopicPartition(topic.name(), partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            Collection<ConsumerRecord<String, V>> got = new ArrayList<>();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            ConsumerRecord<String, V> record = got.stream().findFirst()
                    .orElseThrow(() -> new AssertionError("nothing read back from " + topic.name()));
            assertEquals(key, record.key());
            assertEquals(value, record.value(), topic.name());
        }
    }
}
