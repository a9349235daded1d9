package org.zaploop.processors.behavior;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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

import org.zaploop.processors.behavior.fastpath.BehaviorFastPath;
import org.zaploop.processors.behavior.fastpath.FastPathConfig;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.testsupport.InJvmKafka;

/** The plain-consumer behaviour fast path against a real in-JVM KRaft broker. */
class BehaviorFastPathBrokerTest {

    @TempDir
    Path dir;

    @Test
    void detectsBoutsRoutesBadRecordsAndReportsItsStages() throws Exception {
        SyntheticTail sig = new SyntheticTail(6, 21);
        int blocks = sig.samples / 60;
        List<String> stages = Collections.synchronizedList(new ArrayList<>());
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             BehaviorFastPath path = new BehaviorFastPath(FastPathConfig.defaults(), SwimConfig.defaults(),
                     (stage, ns) -> stages.add(stage)).start(kafka.bootstrap());
             KafkaProducer<String, byte[]> prod = producer(kafka)) {
            await().atMost(Duration.ofSeconds(60)).until(path::assigned);
            for (int s = 0; s + 60 <= sig.samples; s += 60) {
                send(prod, "fish-01", SwimDetectorTest.block(sig, s, 60));
                if (s == 60 * 20) {
                    prod.send(new ProducerRecord<>(Topics.EPHYS.name(), "fish-01", new byte[] {9, 9}));
                    send(prod, "another-key", SwimDetectorTest.block(sig, s, 60)); // key is not its session
                    send(prod, "fish-01", SwimDetectorTest.block(sig, s, 60)); // a duplicate
                }
            }
            prod.flush();
            List<Behavior> bs = kafka.readUntil(Topics.BEHAVIOR.name(), l -> l.size() >= blocks, Duration.ofSeconds(60))
                    .stream().map(r -> Topics.BEHAVIOR.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                    .toList();
            assertEquals(blocks, bs.size(), "one record per block, the duplicate dropped");
            for (int i = 0; i < bs.size(); i++) {
                assertEquals(60L * i, bs.get(i).firstSample(), "in sample order, none missing");
            }
            assertEquals(sig.bouts.size(), bs.stream().filter(Behavior::boutOnset).count());
            List<ConsumerRecord<String, byte[]>> dlq = kafka.readUntil(Topics.DLQ.name(), l -> l.size() >= 2,
                    Duration.ofSeconds(30));
            assertEquals(2, dlq.size());
            List<String> reasons = dlq.stream().map(r -> Topics.DLQ.valueSerde().deserializer()
                    .deserialize(Topics.DLQ.name(), r.value())).map(DeadLetter::reason).toList();
            assertTrue(reasons.stream().anyMatch(r -> r.contains("not the record's session")), reasons.toString());
            assertTrue(reasons.stream().anyMatch(r -> r.contains("truncated")), reasons.toString());
            Map<String, Object> status = path.status();
            assertEquals("RUNNING", status.get("state"));
            assertEquals((long) blocks, status.get("published"));
            assertEquals(1L, status.get("duplicates"));
            assertEquals(2L, status.get("deadLetters"));
            assertTrue(stages.contains(BehaviorFastPath.STAGE_IN) && stages.contains(BehaviorFastPath.STAGE_OUT));
        }
    }

    @Test
    void aRestartedInstanceResumesWhereTheGroupCommittedNothingSkippedNothingTwice() throws Exception {
        SyntheticTail sig = new SyntheticTail(2, 5);
        FastPathConfig config = FastPathConfig.defaults().withGroupId("restart-test").withAcks("all");
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             KafkaProducer<String, byte[]> prod = producer(kafka)) {
            try (BehaviorFastPath first = new BehaviorFastPath(config, SwimConfig.defaults(), (s, ns) -> { })
                    .start(kafka.bootstrap())) {
                await().atMost(Duration.ofSeconds(60)).until(first::assigned);
                for (int s = 0; s < 60 * 50; s += 60) {
                    send(prod, "fish-01", SwimDetectorTest.block(sig, s, 60));
                }
                prod.flush();
                kafka.readUntil(Topics.BEHAVIOR.name(), l -> l.size() >= 50, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> ((Long) first.status().get("commits")) > 0);
            } // close commits what it processed
            for (int s = 60 * 50; s < 60 * 80; s += 60) { // while no instance runs
                send(prod, "fish-01", SwimDetectorTest.block(sig, s, 60));
            }
            prod.flush();
            try (BehaviorFastPath second = new BehaviorFastPath(config, SwimConfig.defaults(), (s, ns) -> { })
                    .start(kafka.bootstrap())) {
                List<Behavior> all = kafka.readUntil(Topics.BEHAVIOR.name(), l -> l.size() >= 80, Duration.ofSeconds(60))
                        .stream().map(r -> Topics.BEHAVIOR.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                        .toList();
                assertEquals(80, all.size());
                assertEquals(60L * 50, all.get(50).firstSample(), "the restart picks up at the first unprocessed block");
                assertEquals(30L, second.status().get("published"));
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(InJvmKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> prod, String key,
                             org.zaploop.protocol.records.EphysBlock b) {
        prod.send(new ProducerRecord<>(Topics.EPHYS.name(), key,
                Topics.EPHYS.valueSerde().serializer().serialize(Topics.EPHYS.name(), b)));
    }
}
