package org.zaploop.launcher.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.zaploop.processors.chaos.OutputLedger;
import org.zaploop.protocol.Topics;

/**
 * Everything committed to {@code zl.traces} and {@code zl.forecasts} of a run, read from the beginning with
 * {@code read_committed} (a killed exactly-once processor's aborted output is never counted) into an
 * {@link OutputLedger} per topic, on a thread of its own until closed.
 */
final class CommittedOutput implements AutoCloseable {

    private final OutputLedger traces = OutputLedger.of(Topics.TRACES.name());
    private final OutputLedger forecasts = OutputLedger.of(Topics.FORECASTS.name());
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile Exception failure;

    CommittedOutput(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(Topics.TRACES.name(), Topics.FORECASTS.name())) {
            consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(this::read, "chaos-committed-output");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    (r.topic().equals(Topics.TRACES.name()) ? traces : forecasts).add(r.value());
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (Exception e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    OutputLedger traces() {
        return traces;
    }

    OutputLedger forecasts() {
        return forecasts;
    }

    /** Why reading stopped, or null while it runs. */
    Exception failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join();
    }
}
