package org.zaploop.ingest.recorder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/** A single-node KRaft broker in this JVM with the ZapLoop topics, for the recorder and replay tests. */
public final class Broker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private Broker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static Broker start(Path dir) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(dir).build();
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
        return new Broker(cluster);
    }

    public String bootstrap() {
        return cluster.bootstrapServers();
    }

    /** Sends the records (typed values encoded by their topic's serde), then raw extras; waits for all acks. */
    public void send(List<SyntheticSession.Out> records, List<ProducerRecord<byte[], byte[]>> raw) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put("max.in.flight.requests.per.connection", "1");
        try (KafkaProducer<byte[], byte[]> prod = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (SyntheticSession.Out o : records) {
                prod.send(new ProducerRecord<>(o.topic(), o.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        encode(o.topic(), o.value())));
            }
            for (ProducerRecord<byte[], byte[]> r : raw) {
                prod.send(r);
            }
            prod.flush();
        }
    }

    @SuppressWarnings("unchecked")
    static byte[] encode(String topic, Object value) {
        Topic<String, Object> t = (Topic<String, Object>) Topics.byName(topic).orElseThrow();
        return t.valueSerde().serializer().serialize(topic, value);
    }

    /** Every record of {@code topic} now in the log (read to the end offsets). */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(java.time.Duration.ofMillis(200))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
