package org.zaploop.launcher.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.kafka.TopicToEnd;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * The neuron-table versions of a session on {@code zl.segmentation}: reads the (compacted) topic from the beginning
 * to its current end without a consumer group, decoding only the session's blocks (key {@code session/block}).
 * Reads {@code zl.segmentation}; writes nothing.
 */
final class SegmentationVersions {

    private SegmentationVersions() {
    }

    /**
     * The newest version of {@code session} whose blocks are all on the topic, or 0 when there is none.
     *
     * @param timeout how long reading to the end may take
     */
    static long newestComplete(String bootstrap, String session, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(TopicCatalogue.BULK_MAX_MESSAGE_BYTES));
        String prefix = Keys.blockKey(session, 0).substring(0, Keys.blockKey(session, 0).lastIndexOf('/') + 1);
        // per version: neurons seen so far and the table's total
        Map<Long, long[]> versions = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicToEnd.read(c, Topics.SEGMENTATION.name(), timeout, r -> {
                if (r.key() == null || !r.key().startsWith(prefix) || r.value() == null) {
                    return;
                }
                NeuronTableBlock b;
                try {
                    b = Topics.SEGMENTATION.valueSerde().deserializer().deserialize(r.topic(), r.value());
                } catch (RuntimeException malformed) {
                    return; // the imaging processor dead-letters it; it is no version of the session
                }
                if (b.session().equals(session)) {
                    long[] seen = versions.computeIfAbsent(b.version(), v -> new long[] {0, b.totalNeurons()});
                    seen[0] += b.neuronCount();
                }
            });
        }
        return versions.entrySet().stream().filter(e -> e.getValue()[0] >= e.getValue()[1])
                .mapToLong(Map.Entry::getKey).max().orElse(0);
    }

    /** Waits until {@code session} has a complete version ≥ {@code version}; returns it. */
    static long awaitComplete(String bootstrap, String session, long version, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            long v = newestComplete(bootstrap, session, Duration.ofSeconds(60));
            if (v >= version) {
                return v;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // poll pace
        }
        throw new IllegalStateException("no neuron table version " + version + " of session " + session + " within "
                + timeout.toMinutes() + " min");
    }
}
