package org.zaploop.ingest.gateway;


import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.zaploop.ingest.client.RigClient;
import org.zaploop.ingest.client.RigClientConfig;
import org.zaploop.ingest.testkit.Records;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

/** Stimulus commands reach the rig of their session over its command socket; its acks reach zl.rig.events. */
class GatewayCommandsTest {


    @RegisterExtension
    static final GatewayUnderTest env = new GatewayUnderTest(c -> c);

    private static StimulusCommand command(String session, long seq) {
        long t = Records.T0 + seq * 1_000_000_000L;
        return new StimulusCommand(session, seq, t, t, t, t + 1_000_000_000L, Stimulus.GRATING,
                Map.of("velocity", 10.0), "test-policy", 2);
    }

    @Test
    void commandsAreForwardedAndTheirAcksPublished() {
        String session = "cmd-fish";
        List<StimulusCommand> received = new CopyOnWriteArrayList<>();
        RigClientConfig config = RigClientConfig.of("127.0.0.1", env.gateway().port(), null, session)
                .withCommandHandler((cmd, now) -> {
                    received.add(cmd);
                    return RigClient.ack(cmd, now);
                });
        try (RigClient rig = RigClient.connect(config);
             KafkaProducer<String, StimulusCommand> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafka().bootstrap()),
                     Topics.STIMULUS_COMMANDS.keySerde().serializer(),
                     Topics.STIMULUS_COMMANDS.valueSerde().serializer())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> env.gateway().stats().commandConnections() == 1);
            for (long seq = 0; seq < 5; seq++) {
                producer.send(new ProducerRecord<>(Topics.STIMULUS_COMMANDS.name(), session, command(session, seq)));
            }
            producer.send(new ProducerRecord<>(Topics.STIMULUS_COMMANDS.name(), "nobody", command("nobody", 0)));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> env.gateway().stats().commandAcks() == 5);
            assertEquals(5, rig.stats().commandsReceived());
            assertEquals(5, rig.stats().answersSent());
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), received.stream().map(StimulusCommand::seq).toList());
        assertEquals(command(session, 3), received.get(3));

        List<RigEvent> acks = env.kafka().read(Topics.RIG_EVENTS.name(), 5, r -> r.key().equals(session)).stream()
                .map(r -> new RigEventCodec().decode(r.value()))
                .filter(e -> e.kind() == RigEventKind.COMMAND_ACK).toList();
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L), acks.stream().map(RigEvent::commandSeq).collect(Collectors.toSet()));
        GatewayStats s = env.gateway().stats();
        assertEquals(5, s.commandsForwarded());
        assertEquals(5, s.ackLatency().count());
        assertTrue(s.ackLatency().p99Ns() > 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> env.gateway().stats().commandsWithoutRig() >= 1);
    }
}
