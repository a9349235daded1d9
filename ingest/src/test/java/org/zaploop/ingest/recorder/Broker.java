package org.zaploop.ingest.recorder;

import org.zaploop.testsupport.InJvmKafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.topics.TopicCatalogue;

/** A single-node KRaft broker in this JVM with the ZapLoop topics, for the recorder and replay tests. */
public final class Broker implements AutoCloseable {

    private final InJvmKafka kafka;

    private Broker(InJvmKafka kafka) {
        this.kafka = kafka;
    }

    public static Broker start(Path dir) throws Exception {
        return new Broker(InJvmKafka.start(dir));
    }

    public String bootstrap() {
        return kafka.bootstrap();
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
        return kafka.readAll(topic);
    }

    @Override
    public void close() throws Exception {
        kafka.close();
    }
}
