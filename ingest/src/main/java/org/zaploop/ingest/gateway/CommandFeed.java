package org.zaploop.ingest.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * Reads {@code zl.stimulus.commands} on its own thread and hands each command to the command sockets of its
 * session (each socket moves it onto its own event loop). Reads every partition without a consumer group,
 * from the end: a live rig acts only on commands issued while the gateway runs, and every gateway sees every
 * command. A command for a session with no rig connected is counted, not forwarded (its validity window will
 * have passed by the time a rig connects). A record that does not decode goes to {@code zl.dlq}.
 */
final class CommandFeed implements AutoCloseable {

    /** A command socket, as the feed sees it. */
    interface Subscriber {
        /** Called on the feed's thread: hand the command over to the socket's own thread. */
        void deliver(StimulusCommand command, String json);
    }

    private static final Logger log = LoggerFactory.getLogger(CommandFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> dlq;
    private final Map<String, Set<Subscriber>> bySession = new ConcurrentHashMap<>();
    private final GatewayMetrics metrics;
    private final Thread thread;
    private volatile boolean running = true;

    CommandFeed(String bootstrap, GatewayMetrics metrics) {
        this.metrics = metrics;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "zaploop-gateway-commands");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        this.consumer = new KafkaConsumer<>(KafkaClientSettings.secure(c), new StringDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "zaploop-gateway-commands-dlq");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.dlq = new KafkaProducer<>(KafkaClientSettings.secure(p), new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::loop, "zl-gateway-commands");
        thread.setDaemon(true);
    }

    /** Blocking: assigns every partition and seeks to the end, so commands produced after this returns arrive. */
    CommandFeed start() {
        String topic = Topics.STIMULUS_COMMANDS.name();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist: provision the topics first");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        for (TopicPartition tp : partitions) {
            consumer.position(tp, Duration.ofSeconds(30)); // resolves the lazy seek now
        }
        thread.start();
        return this;
    }

    void subscribe(String session, Subscriber s) {
        bySession.computeIfAbsent(session, k -> new CopyOnWriteArraySet<>()).add(s);
    }

    void unsubscribe(String session, Subscriber s) {
        bySession.computeIfPresent(session, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us
        } catch (RuntimeException e) {
            log.error("Command feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        StimulusCommand cmd;
        try {
            cmd = Topics.STIMULUS_COMMANDS.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (MalformedRecordException e) {
            DeadLetter letter = DeadLetter.of(r.topic(), r.partition(), r.offset(), System.currentTimeMillis() * 1_000_000L,
                    e.getMessage(), r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value());
            dlq.send(new ProducerRecord<>(Topics.DLQ.name(), r.topic(),
                    Topics.DLQ.valueSerde().serializer().serialize(Topics.DLQ.name(), letter)));
            return;
        }
        Set<Subscriber> subs = bySession.get(cmd.session());
        if (subs == null || subs.isEmpty()) {
            metrics.commandsWithoutRig.increment();
            return;
        }
        String json = new String(r.value(), StandardCharsets.UTF_8);
        for (Subscriber s : subs) {
            s.deliver(cmd, json);
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close();
        }
        dlq.close();
    }
}
