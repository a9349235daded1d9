package org.zaploop.processors.behavior;

import org.zaploop.testsupport.InJvmKafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.processors.behavior.topology.BehaviorRunner;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.EphysBlock;

/** The behaviour topology against a real in-JVM KRaft broker, through {@link BehaviorRunner}. */
class BehaviorBrokerTest {

    @TempDir
    Path dir;

    @Test
    void behaviorFlowsThroughARealBroker() throws Exception {
        SyntheticTail sig = new SyntheticTail(6, 21);
        int blocks = sig.samples / 60;
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             BehaviorRunner runner = new BehaviorRunner(RunnerConfig.fast("behavior-broker-test")
                     .withStateDir(dir.resolve("state")), SwimConfig.defaults())) {
            runner.start(kafka.bootstrap());
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            try (KafkaProducer<String, byte[]> prod = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int s = 0; s + 60 <= sig.samples; s += 60) {
                    EphysBlock blk = SwimDetectorTest.block(sig, s, 60);
                    prod.send(new ProducerRecord<>(Topics.EPHYS.name(), "fish-01",
                            Topics.EPHYS.valueSerde().serializer().serialize(Topics.EPHYS.name(), blk)));
                }
                prod.send(new ProducerRecord<>(Topics.EPHYS.name(), "fish-01", new byte[] {9, 9}));
            }
            List<ConsumerRecord<String, byte[]>> out = kafka.readUntil(Topics.BEHAVIOR.name(),
                    l -> l.size() >= blocks, Duration.ofSeconds(90));
            assertEquals(blocks, out.size());
            List<Behavior> bs = out.stream().map(r -> Topics.BEHAVIOR.valueSerde().deserializer()
                    .deserialize(r.topic(), r.value())).toList();
            assertEquals(0, bs.get(0).firstSample());
            assertEquals(sig.bouts.size(), bs.stream().filter(Behavior::boutOnset).count());
            assertTrue(kafka.readUntil(Topics.DLQ.name(), l -> !l.isEmpty(), Duration.ofSeconds(30)).size() == 1);
            Map<String, Object> status = runner.status();
            assertEquals("RUNNING", status.get("state"));
            assertEquals((long) blocks, status.get("published"));
        }
    }
}
