package org.zaploop.processors.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.processors.behavior.topology.BehaviorCounters;
import org.zaploop.processors.behavior.topology.BehaviorTopology;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.EphysBlock;

class BehaviorTopologyTest {

    @TempDir
    Path dir;

    @Test
    void publishesBehaviorPerBlockAndRoutesBadRecordsToTheDlq() throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        BehaviorCounters counters = new BehaviorCounters();
        BehaviorTopology.addTo(b, SwimConfig.defaults(), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "behavior-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        Topology t = b.build(p);
        String described = t.describe().toString();
        assertTrue(described.contains("behavior-detect"));
        assertFalse(described.matches("(?s).*KSTREAM-[A-Z]+-\\d+.*"), "every node is named:\n" + described);
        SyntheticTail sig = new SyntheticTail(20, 11);
        try (TopologyTestDriver d = new TopologyTestDriver(t, p)) {
            TestInputTopic<String, EphysBlock> in = d.createInputTopic(Topics.EPHYS.name(),
                    Topics.EPHYS.keySerde().serializer(), Topics.EPHYS.valueSerde().serializer());
            TestInputTopic<String, byte[]> rawIn = d.createInputTopic(Topics.EPHYS.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Behavior> out = d.createOutputTopic(Topics.BEHAVIOR.name(),
                    Topics.BEHAVIOR.keySerde().deserializer(), Topics.BEHAVIOR.valueSerde().deserializer());
            TestOutputTopic<String, DeadLetter> dlq = d.createOutputTopic(Topics.DLQ.name(),
                    Topics.DLQ.keySerde().deserializer(), Topics.DLQ.valueSerde().deserializer());
            int blocks = 0;
            for (int s = 0; s + 60 <= sig.samples; s += 60) {
                EphysBlock blk = SwimDetectorTest.block(sig, s, 60);
                in.pipeInput("fish-01", blk, blk.acquisitionNs() / 1_000_000);
                blocks++;
                if (s == 600) {
                    in.pipeInput("fish-01", blk, blk.acquisitionNs() / 1_000_000); // duplicate
                    rawIn.pipeInput("fish-01", new byte[] {1, 2, 3}); // malformed
                    in.pipeInput("other", blk); // key is not the session
                }
            }
            List<Behavior> behaviors = out.readValuesToList();
            assertEquals(blocks, behaviors.size());
            long onsets = behaviors.stream().filter(Behavior::boutOnset).count();
            assertEquals(sig.bouts.size(), onsets);
            assertEquals(1, counters.duplicates.get());
            List<DeadLetter> dead = dlq.readValuesToList();
            assertEquals(2, dead.size());
            assertTrue(dead.get(0).reason().startsWith("ZLEP"), dead.get(0).reason());
            assertEquals(Topics.EPHYS.name(), dead.get(0).sourceTopic());
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(BehaviorTopology.STORE);
            assertTrue(store.get("fish-01").length > 0);
            // a gap is counted and the stream goes on
            EphysBlock later = SwimDetectorTest.block(sig, sig.samples - 60, 60);
            EphysBlock gapBlock = new EphysBlock("fish-01", later.firstSample() + 6000, later.sampleRateHz(),
                    later.acquisitionNs() + 1_000_000_000L, later.channels(), later.samples(), later.sampleType(),
                    later.scale(), later.data());
            in.pipeInput("fish-01", gapBlock);
            assertEquals(1, counters.gaps.get());
            assertEquals(1, out.readValuesToList().size());
        }
    }
}
