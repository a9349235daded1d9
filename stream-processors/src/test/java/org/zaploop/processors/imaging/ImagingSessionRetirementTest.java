package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.processors.imaging.topology.ImagingCounters;
import org.zaploop.processors.imaging.topology.ImagingTopology;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;

/**
 * A session without planes for the retirement time gives back its ΔF/F window, registration and open planes; a
 * session still acquiring keeps them; a retired session that sends planes again is traced on from its table.
 */
class ImagingSessionRetirementTest {

    @TempDir
    Path dir;

    @Test
    void anIdleSessionIsRetiredAndTracedAgainWhenItComesBack() throws Exception {
        SyntheticSession a = new SyntheticSession("fish-a", 96, 80, 6, 200, 16, 0f, 0, 4, 3);
        SyntheticSession b = new SyntheticSession("fish-b", 96, 80, 6, 200, 16, 0f, 0, 4, 5);
        StreamsBuilder sb = new StreamsBuilder();
        ImagingCounters counters = new ImagingCounters();
        ImagingTopology.addTo(sb, ImagingTopologyTest.config().withRetireAfterMs(60_000), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "imaging-retire-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        try (TopologyTestDriver d = new TopologyTestDriver(sb.build(p), p, Instant.ofEpochSecond(1_700_000_000L))) {
            TestInputTopic<String, Plane> planes = d.createInputTopic(Topics.PLANES.name(),
                    Topics.PLANES.keySerde().serializer(), Topics.PLANES.valueSerde().serializer());
            TestInputTopic<String, NeuronTableBlock> seg = d.createInputTopic(Topics.SEGMENTATION.name(),
                    Topics.SEGMENTATION.keySerde().serializer(), Topics.SEGMENTATION.valueSerde().serializer());
            TestOutputTopic<String, TraceBlock> traces = d.createOutputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().deserializer(), Topics.TRACES.valueSerde().deserializer());
            TestOutputTopic<String, DeadLetter> dlq = d.createOutputTopic(Topics.DLQ.name(),
                    Topics.DLQ.keySerde().deserializer(), Topics.DLQ.valueSerde().deserializer());
            for (SyntheticSession s : List.of(a, b)) {
                for (NeuronTableBlock nb : s.blocks(1, 100)) {
                    seg.pipeInput(Keys.blockKey(nb.session(), nb.block()), nb, 1000);
                }
            }
            feed(planes, a, 0, 10);
            feed(planes, b, 0, 10);
            assertEquals(20, frames(traces).size(), "one block per frame and session");
            KeyValueStore<String, byte[]> history = d.getKeyValueStore(ImagingTopology.HISTORY_STORE);
            assertEquals(10, keysOf(history, "fish-a/").size());

            d.advanceWallClockTime(Duration.ofSeconds(40));
            feed(planes, b, 10, 11); // fish-b goes on acquiring, fish-a has stopped
            d.advanceWallClockTime(Duration.ofSeconds(30));
            assertEquals(1, counters.retiredSessions.get(), "only the session idle for 70 s of 60");
            assertEquals(List.of("fish-a/000000000009"), keysOf(history, "fish-a/"),
                    "the retired session keeps only its newest frame of raw F");
            assertEquals(11, keysOf(history, "fish-b/").size(), "the acquiring session keeps its window");
            KeyValueStore<String, byte[]> registrations = d.getKeyValueStore(ImagingTopology.REGISTRATION_STORE);
            assertTrue(keysOf(registrations, "fish-a/").isEmpty(), "registration state freed");
            assertTrue(!keysOf(registrations, "fish-b/").isEmpty(), "but not the acquiring session's");
            frames(traces); // fish-b's frame 10

            // back after the pause: older frames are still refused, newer ones are traced with the kept table
            Plane old = a.plane(3, 0);
            planes.pipeInput(Keys.planeKey("fish-a", 0), old, old.acquisitionNs() / 1_000_000);
            List<DeadLetter> dead = dlq.readValuesToList();
            assertEquals(1, dead.size(), dead.toString());
            assertTrue(dead.get(0).reason().contains("late or out of order"), dead.get(0).reason());
            feed(planes, a, 10, 13);
            List<Long> again = frames(traces);
            assertEquals(List.of(10L, 11L, 12L), again, "the session is traced again from its neuron table");
            assertTrue(dlq.readValuesToList().isEmpty());
            assertNull(history.get("fish-a/000000000005"));
        }
    }

    private static void feed(TestInputTopic<String, Plane> planes, SyntheticSession s, int from, int to) {
        for (int f = from; f < to; f++) {
            for (int z = 0; z < s.depth; z++) {
                Plane pl = s.plane(f, z);
                planes.pipeInput(Keys.planeKey(s.session, z), pl, pl.acquisitionNs() / 1_000_000);
            }
        }
    }

    private static List<Long> frames(TestOutputTopic<String, TraceBlock> traces) {
        return traces.readValuesToList().stream().map(TraceBlock::frame).toList();
    }

    private static List<String> keysOf(KeyValueStore<String, byte[]> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.startsWith(prefix)) {
                    keys.add(kv.key);
                }
            }
        }
        return keys;
    }
}
