package org.zaploop.controller.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.zaploop.protocol.kafka.KafkaClientSettings;

/** The controller's Kafka clients: raw bytes in and out, so that decoding failures can go to {@code zl.dlq}. */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** Commands, audit, dead letters: {@code acks=all}, {@code linger.ms=0}, idempotent. */
    public static KafkaProducer<String, byte[]> producer(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(10 << 20));
        return new KafkaProducer<>(KafkaClientSettings.secure(p), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A group-less consumer for explicit assignment: no offsets are committed (a controller acts on live data).
     * It reads committed records only.
     */
    public static KafkaConsumer<String, byte[]> consumer(String bootstrap, String clientId) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(10 << 20));
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        // act only on committed results: an exactly-once producer upstream may still abort what it wrote (with
        // non-transactional producers this changes nothing, the stable offset is the high watermark)
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(KafkaClientSettings.secure(c), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
