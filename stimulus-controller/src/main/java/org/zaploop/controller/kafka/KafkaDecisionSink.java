package org.zaploop.controller.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.zaploop.controller.ControllerMeters;
import org.zaploop.controller.loop.DecisionSink;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * Writes the decision loop's output: commands to {@code zl.stimulus.commands} and audit records to
 * {@code zl.audit}, key = session, through a producer with {@code acks=all}, {@code linger.ms=0} and idempotence
 * ({@link KafkaClients#producer}). Records the input → command latency when the command is handed to the producer.
 */
public final class KafkaDecisionSink implements DecisionSink {

    private final Producer<String, byte[]> producer;
    private final ControllerMeters meters;
    private final Serializer<StimulusCommand> commands = Topics.STIMULUS_COMMANDS.valueSerde().serializer();
    private final Serializer<AuditRecord> audits = Topics.AUDIT.valueSerde().serializer();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final Callback onAck = (md, e) -> {
        if (e != null) {
            sendErrors.incrementAndGet();
            lastError.set(e.toString());
        }
    };

    public KafkaDecisionSink(Producer<String, byte[]> producer, ControllerMeters meters) {
        this.producer = producer;
        this.meters = meters;
    }

    @Override
    public void command(StimulusCommand c, long inputAcquisitionNs) {
        String topic = Topics.STIMULUS_COMMANDS.name();
        producer.send(new ProducerRecord<>(topic, Keys.sessionKey(c.session()), commands.serialize(topic, c)), onAck);
        if (inputAcquisitionNs >= 0) {
            meters.latencyNs(ZapLoopClock.nowNs() - inputAcquisitionNs);
        }
    }

    @Override
    public void audit(AuditRecord a) {
        String topic = Topics.AUDIT.name();
        producer.send(new ProducerRecord<>(topic, Keys.sessionKey(a.session()), audits.serialize(topic, a)), onAck);
        meters.decision(a);
    }

    public long sendErrors() {
        return sendErrors.get();
    }

    public String lastError() {
        return lastError.get();
    }
}
