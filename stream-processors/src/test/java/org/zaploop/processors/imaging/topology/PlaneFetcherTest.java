package org.zaploop.processors.imaging.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.Plane;
import org.zaploop.testsupport.InJvmKafka;

/**
 * Planes read back by partition and offset from a real in-JVM broker: in order, behind where the reader stands,
 * from this instance's recent planes without the broker, and refused with a reason when the reference is wrong or
 * nothing is there.
 */
class PlaneFetcherTest {

    @TempDir
    Path dir;

    @Test
    void readsPlanesBackByPartitionAndOffset() throws Exception {
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"))) {
            List<Plane> planes = new ArrayList<>();
            List<PlaneRef> refs = new ArrayList<>();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            try (KafkaProducer<String, byte[]> prod = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int f = 0; f < 4; f++) {
                    for (int z = 0; z < 3; z++) {
                        short[] px = new short[16 * 8];
                        for (int i = 0; i < px.length; i++) {
                            px[i] = (short) (1000 * f + 100 * z + i);
                        }
                        Plane pl = Plane.whole("fish-01", f, z, 3, 1000L * f + z, 16, 8, px);
                        // two partitions, as planes of different z lie
                        RecordMetadata m = prod.send(new ProducerRecord<>(Topics.PLANES.name(), z % 2,
                                Keys.planeKey("fish-01", z),
                                Topics.PLANES.valueSerde().serializer().serialize(Topics.PLANES.name(), pl))).get();
                        planes.add(pl);
                        refs.add(new PlaneRef("fish-01", f, z, m.partition(), m.offset()));
                    }
                }
            }
            RecentPlanes recent = new RecentPlanes(1 << 20, 60_000);
            Map<String, Object> streams = Map.of("bootstrap.servers", kafka.bootstrap(), "application.id", "x");
            try (PlaneFetcher fetcher = new PlaneFetcher(recent, streams, Duration.ofSeconds(3))) {
                for (int i = 0; i < refs.size(); i++) {
                    Plane got = fetcher.read(refs.get(i));
                    assertEquals(planes.get(i).frame(), got.frame());
                    assertEquals(planes.get(i).z(), got.z());
                    assertArrayEquals(planes.get(i).pixels(), got.pixels());
                }
                assertEquals(refs.size(), fetcher.fetched(), "every plane read from the broker");

                // behind where the reader stands (a restart reads held planes again)
                assertArrayEquals(planes.get(1).pixels(), fetcher.read(refs.get(1)).pixels());

                // a plane this instance has just decoded does not go to the broker
                recent.put(refs.get(4).partition(), refs.get(4).offset(), planes.get(4), 0);
                long before = fetcher.fetched();
                assertSame(planes.get(4), fetcher.read(refs.get(4)));
                assertEquals(before, fetcher.fetched());

                PlaneRef wrongZ = new PlaneRef("fish-01", 2, 1, refs.get(6).partition(), refs.get(6).offset());
                PlaneSource.PlaneUnavailableException e = assertThrows(PlaneSource.PlaneUnavailableException.class,
                        () -> fetcher.read(wrongZ));
                assertTrue(e.getMessage().contains("holds plane z=0 of frame 2"), e.getMessage());

                PlaneRef nothing = new PlaneRef("fish-01", 9, 0, 0, 1_000);
                e = assertThrows(PlaneSource.PlaneUnavailableException.class, () -> fetcher.read(nothing));
                assertTrue(e.getMessage().contains("offset 1000"), e.getMessage());

                // and it goes on reading after a refusal
                assertArrayEquals(planes.get(11).pixels(), fetcher.read(refs.get(11)).pixels());
            }
        }
    }
}
