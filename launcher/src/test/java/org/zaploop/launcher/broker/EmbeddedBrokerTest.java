package org.zaploop.launcher.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicDrift;
import org.zaploop.protocol.topics.TopicProvisioner;
import org.zaploop.protocol.topics.TopicSpec;
import org.zaploop.protocol.topics.TopicState;

/** The embedded broker is a real KRaft broker: it provisions the catalogue, keeps data across restarts, reports drift. */
class EmbeddedBrokerTest {

    @TempDir
    Path dir;

    @Test
    void provisionsEveryCatalogueTopicWithItsConfigs() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0); Admin admin = admin(broker)) {
            List<TopicState> states = new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            assertEquals(TopicCatalogue.ALL.size(), states.size());
            assertTrue(states.stream().allMatch(TopicState::created), "a fresh broker creates every topic");
            // Ready means writable: every partition already has its log (without the wait, 9 of 66 had one).
            int node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id();
            var logs = admin.describeLogDirs(List.of(node)).allDescriptions().get(30, TimeUnit.SECONDS).get(node);
            java.util.Set<TopicPartition> withLog = new java.util.HashSet<>();
            logs.values().forEach(d -> withLog.addAll(d.replicaInfos().keySet()));
            for (TopicSpec spec : TopicCatalogue.ALL) {
                for (int p = 0; p < spec.partitions(); p++) {
                    assertTrue(withLog.contains(new TopicPartition(spec.name(), p)), spec.name() + "-" + p + " has no log");
                }
            }

            // Check independently of the provisioner: what the broker itself says about each topic.
            List<ConfigResource> resources = TopicCatalogue.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            var descriptions = admin.describeTopics(TopicCatalogue.ALL.stream().map(TopicSpec::name).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : TopicCatalogue.ALL) {
                assertEquals(spec.partitions(), descriptions.get(spec.name()).partitions().size(), spec.name());
                Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((k, v) -> assertEquals(v, c.get(k).value(), spec.name() + " " + k));
            }

            List<TopicState> again = new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            assertTrue(again.stream().noneMatch(TopicState::created), "provisioning twice creates nothing");
            assertTrue(again.stream().allMatch(TopicState::matches));
        }
    }

    @Test
    void restartOnTheSameDirectoryKeepsTopicsAndRecords() throws Exception {
        String topic = TopicCatalogue.RIG_EVENTS.name();
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0); Admin admin = admin(broker)) {
            port = Integer.parseInt(broker.bootstrapServers().split(":")[1]);
            new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
                p.send(new ProducerRecord<>(topic, "s1".getBytes(StandardCharsets.UTF_8),
                        "kept".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0); Admin admin = admin(broker)) {
            assertEquals("127.0.0.1:" + port, broker.bootstrapServers(), "the remembered port is reused");
            List<TopicState> states = new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            assertTrue(states.stream().noneMatch(TopicState::created), "topics survived the restart");
            List<String> values = readAll(broker, topic, 1);
            assertEquals(List.of("kept"), values);
        }
    }

    @Test
    void reportsDriftWithoutChangingTheTopic() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0); Admin admin = admin(broker)) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1, 30_000);
            provisioner.provision(TopicCatalogue.ALL);
            ConfigResource traces = new ConfigResource(ConfigResource.Type.TOPIC, TopicCatalogue.TRACES.name());
            admin.incrementalAlterConfigs(Map.of(traces, List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);

            // The change travels through the metadata log before the broker serves it: wait for it.
            List<TopicDrift> drift = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> provisioner.verify(TopicCatalogue.ALL).stream().flatMap(s -> s.drift().stream()).toList(),
                            d -> !d.isEmpty());
            assertEquals(List.of(new TopicDrift(TopicCatalogue.TRACES.name(), "retention.ms",
                    TopicCatalogue.TRACES.config("retention.ms"), "1000")), drift);
            // Provisioning reports drift but never overrides the operator's change.
            provisioner.provision(TopicCatalogue.ALL);
            assertEquals("1000", admin.describeConfigs(List.of(traces)).all().get(30, TimeUnit.SECONDS)
                    .get(traces).get("retention.ms").value());
        }
    }

    @Test
    void verifyOnAnEmptyClusterReportsEveryTopicMissing() {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0); Admin admin = admin(broker)) {
            List<TopicState> states = new TopicProvisioner(admin, (short) 1, 30_000).verify(TopicCatalogue.ALL);
            assertTrue(states.stream().noneMatch(TopicState::matches));
            assertEquals("exists", states.get(0).drift().get(0).setting());
        }
    }

    static Admin admin(EmbeddedBroker broker) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(p);
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<String> readAll(EmbeddedBroker broker, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
