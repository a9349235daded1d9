package org.zaploop.controller.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.zaploop.controller.kafka.KafkaClients;
import org.zaploop.controller.loop.CommandDeduplicator;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.StimulusCommand;

/** A rig for tests: reads commands from their end, applies them through a {@link CommandDeduplicator}, acks them. */
final class FakeRig implements AutoCloseable {

    record Received(StimulusCommand command, long receivedNs, CommandDeduplicator.Verdict verdict) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final CommandDeduplicator dedup = new CommandDeduplicator();
    volatile boolean acking = true;
    private final String session;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    FakeRig(String bootstrap, String session) {
        this.session = session;
        this.consumer = KafkaClients.consumer(bootstrap, "fake-rig");
        this.producer = KafkaClients.producer(bootstrap, "fake-rig");
        List<TopicPartition> parts = consumer.partitionsFor(Topics.STIMULUS_COMMANDS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        thread = new Thread(this::run, "fake-rig");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    StimulusCommand c = Topics.STIMULUS_COMMANDS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    if (!c.session().equals(session)) {
                        continue;
                    }
                    long now = ZapLoopClock.nowNs();
                    CommandDeduplicator.Verdict v = dedup.offer(c, now);
                    received.add(new Received(c, now, v));
                    if (acking && v == CommandDeduplicator.Verdict.APPLY) {
                        RigEvent ack = new RigEvent(session, now, RigEventKind.COMMAND_ACK, null, null,
                                c.stimulus().name(), Map.of(), c.seq(), null);
                        producer.send(new ProducerRecord<>(Topics.RIG_EVENTS.name(), session,
                                Topics.RIG_EVENTS.valueSerde().serializer().serialize(Topics.RIG_EVENTS.name(), ack)));
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } finally {
            consumer.close();
        }
    }

    List<StimulusCommand> commands() {
        return received.stream().map(Received::command).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
        producer.close();
    }
}
