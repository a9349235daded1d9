package org.zaploop.processors.imaging;

import org.zaploop.testsupport.InJvmKafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import org.zaploop.processors.imaging.topology.ImagingRunner;
import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;

/** The imaging topology against a real in-JVM KRaft broker, exactly-once, through {@link ImagingRunner}. */
class ImagingBrokerTest {

    @TempDir
    Path dir;

    @Test
    void tracesFlowThroughARealBroker() throws Exception {
        SyntheticSession fish = new SyntheticSession("fish-01", 64, 48, 4, 60, 12, 0f, 0, 3, 5);
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             ImagingRunner runner = new ImagingRunner(RunnerConfig.exactlyOnce("imaging-broker-test")
                     .withStateDir(dir.resolve("state")), ImagingTopologyTest.config())) {
            runner.start(kafka.bootstrap());
            try (SegmentationPublisher pub = new SegmentationPublisher(kafka.bootstrap())) {
                assertEquals(1, pub.publish(fish.blocks(1, 512)));
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            try (KafkaProducer<String, byte[]> prod = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                // the table must be in place before the planes: wait until the runner has it
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (runner.counters().tables.get() == 0 && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertEquals(1, runner.counters().tables.get(), "segmentation assembled");
                for (int f = 0; f < fish.frames; f++) {
                    for (int z = 0; z < fish.depth; z++) {
                        Plane pl = fish.plane(f, z);
                        prod.send(new ProducerRecord<>(Topics.PLANES.name(), Keys.planeKey("fish-01", z),
                                Topics.PLANES.valueSerde().serializer().serialize(Topics.PLANES.name(), pl)));
                    }
                }
                prod.send(new ProducerRecord<>(Topics.PLANES.name(), Keys.planeKey("fish-01", 0), new byte[] {7}));
            }
            List<ConsumerRecord<String, byte[]>> out = kafka.readUntil(Topics.TRACES.name(),
                    l -> l.size() >= fish.frames, Duration.ofSeconds(90));
            assertEquals(fish.frames, out.size());
            for (ConsumerRecord<String, byte[]> r : out) {
                TraceBlock tb = Topics.TRACES.valueSerde().deserializer().deserialize(r.topic(), r.value());
                assertEquals(Keys.blockKey("fish-01", 0), r.key());
                assertFalse(tb.partialFrame());
                assertEquals(fish.neurons, tb.neuronCount());
            }
            assertEquals(1, kafka.readUntil(Topics.DLQ.name(), l -> !l.isEmpty(), Duration.ofSeconds(30)).size());
            Map<String, Object> status = runner.status();
            assertEquals("RUNNING", status.get("state"));
            assertEquals((long) fish.frames, status.get("frames"));
            assertTrue((long) status.get("planes") >= fish.frames * fish.depth);
        }
    }
}
