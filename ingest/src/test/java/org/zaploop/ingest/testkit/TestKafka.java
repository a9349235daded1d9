package org.zaploop.ingest.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/** A real single-node KRaft broker in this JVM with the ZapLoop topics, and helpers to read them. */
public final class TestKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private TestKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static TestKafka start(Path dir) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(dir)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1, 60_000).provision(TopicCatalogue.ALL);
        }
        return new TestKafka(cluster);
    }

    public String bootstrap() {
        return cluster.bootstrapServers();
    }

    /** Every record of {@code topic} from the beginning, read until {@code until} holds or the deadline passes. */
    public List<ConsumerRecord<String, byte[]>> readUntil(String topic,
                                                         Predicate<List<ConsumerRecord<String, byte[]>>> until,
                                                         Duration deadline) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = System.nanoTime() + deadline.toNanos();
            while (!until.test(out) && System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Reads {@code topic} until at least {@code n} records matching {@code filter} are there (or 60 s passed). */
    public List<ConsumerRecord<String, byte[]>> read(String topic, int n,
                                                     Predicate<ConsumerRecord<String, byte[]>> filter) {
        List<ConsumerRecord<String, byte[]>> all = readUntil(topic,
                l -> l.stream().filter(filter).count() >= n, Duration.ofSeconds(60));
        return all.stream().filter(filter).toList();
    }

    /** Everything on {@code topic} now (reads for a short while past the end offsets). */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return readUntil(topic, l -> false, Duration.ofSeconds(2));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
