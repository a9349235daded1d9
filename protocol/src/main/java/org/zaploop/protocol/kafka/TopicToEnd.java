package org.zaploop.protocol.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic as it stands: every partition from its beginning up to the end offsets taken when the read
 * starts, with partitions assigned explicitly (no consumer group, nothing committed). What the command-line tools
 * print (audit trail, dead letters) and what tests and chaos scenarios compare.
 */
public final class TopicToEnd {

    private TopicToEnd() {
    }

    /**
     * Hands every record of {@code topic} to {@code sink}, in partition order.
     *
     * @return false if the topic does not exist (nothing was read)
     * @throws IllegalStateException if the end was not reached within {@code timeout}
     */
    public static <K, V> boolean read(KafkaConsumer<K, V> consumer, String topic, Duration timeout,
                                      Consumer<ConsumerRecord<K, V>> sink) {
        var info = consumer.partitionsFor(topic, timeout);
        if (info == null || info.isEmpty()) {
            return false;
        }
        List<TopicPartition> parts = info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within "
                        + timeout.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(sink);
        }
        return true;
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
