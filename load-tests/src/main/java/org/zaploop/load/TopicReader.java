package org.zaploop.load;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.zaploop.load.measure.LatencyRecorder;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.ZapLoopClock;

/**
 * Reads a pipeline's output topic back, as the next stage would, and times each record of one session from the
 * acquisition of the data it derives from to now (the records' acquisition stamp, decoded by {@code acquisitionNs}).
 * A consumer group of its own with auto-commit every 200 ms, so its lag is sampled like the pipeline's;
 * read_committed, starting at the live edge.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param group         its consumer group
     * @param acquisitionNs decodes a record's acquisition time (epoch ns); only called for the session's records
     */
    public TopicReader(String bootstrap, String group, String topic, String session,
                       ToLongFunction<byte[]> acquisitionNs, LatencyRecorder latency, LoadProbe.Flow flow) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        p.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "200");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    assigned.countDown();
                }
            }
        });
        thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.key() != null && r.value() != null && session.equals(Keys.sessionOf(r.key()))) {
                            latency.record(ZapLoopClock.nowNs() - acquisitionNs.applyAsLong(r.value()));
                            flow.add(1, r.value().length);
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }, group);
        thread.setDaemon(true);
    }

    /** Starts reading and waits until the group has its partitions (so nothing sent afterwards is missed). */
    public TopicReader start(Duration timeout) throws InterruptedException {
        thread.start();
        if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the reader " + thread.getName() + " got no partitions within "
                    + timeout.toSeconds() + " s: is the broker reachable and are the topics created?");
        }
        return this;
    }

    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
