package org.zaploop.sim.rig;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.realtime.LoopThreads;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.sim.fish.FishCommand;

/**
 * Reads {@code zl.stimulus.commands} for one session and hands each command to the virtual fish. A live rig acts
 * only on commands issued while it listens (it starts at the end of the topic, and keeps no group offsets: a
 * restarted rig must not replay old decisions). A record that does not decode
 * goes to {@code zl.dlq} with the reason; the commands beside it are still delivered.
 */
public final class CommandListener implements AutoCloseable {

    private final String session;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, DeadLetter> dlq;
    private final Consumer<FishCommand> sink;
    private final java.util.function.LongConsumer loopLatencyNs;
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running = true;

    public CommandListener(String bootstrap, String session, Consumer<FishCommand> sink) {
        this(bootstrap, session, sink, ns -> { });
    }

    /**
     * @param loopLatencyNs told, for every command of the session, how long after the acquisition of the newest data
     *                      the decision used it reached the rig: the closed loop's end-to-end latency
     */
    public CommandListener(String bootstrap, String session, Consumer<FishCommand> sink,
                           java.util.function.LongConsumer loopLatencyNs) {
        this.session = session;
        this.sink = sink;
        this.loopLatencyNs = loopLatencyNs;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = LoopThreads.creating(() -> new KafkaConsumer<>(KafkaClientSettings.secure(c),
                new StringDeserializer(), new ByteArrayDeserializer()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.dlq = new KafkaProducer<>(KafkaClientSettings.secure(p), Topics.DLQ.keySerde().serializer(), Topics.DLQ.valueSerde().serializer());
        this.thread = new Thread(this::loop, "virtual-fish-commands");
        thread.setDaemon(true);
    }

    /**
     * Positions the listener at the end of every partition before returning, so that any command sent after
     * this call is seen (a consumer group would only find its position later, and miss what came meanwhile).
     */
    public CommandListener start() {
        List<TopicPartition> parts = consumer.partitionsFor(Topics.STIMULUS_COMMANDS.name(), Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        thread.start();
        return this;
    }

    private void loop() {
        LoopThreads.enter(); // commands are the loop's last hop: before the simulator
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us up
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        StimulusCommand cmd;
        try {
            cmd = Topics.STIMULUS_COMMANDS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (cmd == null) {
                return;
            }
        } catch (MalformedRecordException e) {
            rejected.incrementAndGet();
            dlq.send(new ProducerRecord<>(Topics.DLQ.name(), r.topic(), DeadLetter.of(r.topic(), r.partition(), r.offset(),
                    System.currentTimeMillis() * 1_000_000, e.getMessage(),
                    r.key() == null ? null : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), r.value())));
            return;
        }
        if (!cmd.session().equals(session)) {
            return; // another session's rig
        }
        received.incrementAndGet();
        loopLatencyNs.accept(ZapLoopClock.nowNs() - cmd.acquisitionNs());
        sink.accept(new FishCommand(cmd.seq(), cmd.stimulus().name(), cmd.params(),
                cmd.condition() == null ? -1 : cmd.condition(), cmd.validFromNs(), cmd.validUntilNs()));
    }

    public long received() {
        return received.get();
    }

    public long rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dlq.close();
    }
}
