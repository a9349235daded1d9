package org.zaploop.launcher.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.zaploop.protocol.Topic;
import org.zaploop.protocol.kafka.TopicToEnd;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * Every record of one topic from its start up to its end at the time of the call, decoded with the topic's own
 * serdes: what the chaos scenarios compare with their expectations. Reads without a consumer group (partitions
 * assigned explicitly, {@code read_committed}, so aborted transactions do not count). Writes nothing.
 */
public final class TopicSnapshot {

    private TopicSnapshot() {
    }

    public static <V> List<ConsumerRecord<String, V>> read(String bootstrap, Topic<String, V> topic, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES * 2));
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            if (!TopicToEnd.read(c, topic.name(), timeout, out::add)) {
                throw new IllegalStateException("topic " + topic.name() + " does not exist");
            }
        }
        return out;
    }
}
