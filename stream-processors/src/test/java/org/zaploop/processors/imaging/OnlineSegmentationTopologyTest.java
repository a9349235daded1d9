package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.processors.bench.SegmentationScore;
import org.zaploop.processors.imaging.topology.ImagingCounters;
import org.zaploop.processors.imaging.topology.ImagingTopology;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.TraceBlock;

/**
 * A session without a table segments itself: its first volumes are averaged, the nuclei detected and published to
 * zl.segmentation; once that table comes back through the topic, the planes become traces of those neurons. (The
 * wait for a table still on its way is exercised against a real broker by {@code zaploop bench segmentation}.)
 */
class OnlineSegmentationTopologyTest {

    @TempDir
    Path dir;

    @Test
    void detectsTheNucleiPublishesTheTableAndThenExtractsWithIt() throws Exception {
        SyntheticSession fish = new SyntheticSession("fish-01", 96, 80, 4, 60, 16, 2f, 0, 4, 31).drifting(2f, 5);
        StreamsBuilder b = new StreamsBuilder();
        ImagingCounters counters = new ImagingCounters();
        ImagingTopology.addTo(b, ImagingTopologyTest.config().withRegistration(true, 1, 3, 6f)
                .withDetection(4, 2f, 0.4f), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "imaging-online-seg");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(p), p)) {
            TestInputTopic<String, Plane> planes = d.createInputTopic(Topics.PLANES.name(),
                    Topics.PLANES.keySerde().serializer(), Topics.PLANES.valueSerde().serializer());
            TestOutputTopic<String, NeuronTableBlock> segOut = d.createOutputTopic(Topics.SEGMENTATION.name(),
                    Topics.SEGMENTATION.keySerde().deserializer(), Topics.SEGMENTATION.valueSerde().deserializer());
            TestOutputTopic<String, TraceBlock> traces = d.createOutputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().deserializer(), Topics.TRACES.valueSerde().deserializer());
            int f = 0;
            for (; f < 4; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    planes.pipeInput(Keys.planeKey("fish-01", z), fish.plane(f, z));
                }
            }
            List<NeuronTableBlock> table = segOut.readValuesToList();
            assertEquals(1, counters.detections.get());
            assertEquals(1, table.size(), "one block of fewer than 512 neurons");
            NeuronTableBlock nb = table.get(0);
            assertEquals(1, nb.version());
            float[] tz = new float[fish.neurons];
            for (int i = 0; i < fish.neurons; i++) {
                tz[i] = fish.cz[i];
            }
            int[] matchOf = SegmentationScore.match(fish.cx, fish.cy, tz, nb.centroidX(), nb.centroidY(),
                    nb.centroidZ(), 2f, 0.5f);
            int matched = SegmentationScore.matched(matchOf);
            assertTrue(matched >= 0.9 * fish.neurons, matched + " of " + fish.neurons + " nuclei found");
            assertTrue(matched >= 0.9 * nb.totalNeurons(), matched + " of " + nb.totalNeurons() + " detections true");
            // the driver feeds the topology's own zl.segmentation output back to its source, as the broker does
            assertEquals(1, counters.tables.get(), "the detected table came back and is in use");
            for (; f < fish.frames; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    planes.pipeInput(Keys.planeKey("fish-01", z), fish.plane(f, z));
                }
            }
            List<TraceBlock> out = traces.readValuesToList();
            assertEquals(fish.frames - 4, out.size());
            for (TraceBlock tb : out) {
                assertEquals(nb.totalNeurons(), tb.neuronCount());
            }
        }
    }

    @Test
    void aRerunRequestDetectsAgainAndPublishesTheNextVersionWhileTracesGoOn() throws Exception {
        SyntheticSession fish = new SyntheticSession("fish-02", 96, 80, 4, 40, 16, 2f, 0, 4, 37).drifting(2f, 5);
        StreamsBuilder b = new StreamsBuilder();
        ImagingCounters counters = new ImagingCounters();
        ImagingTopology.addTo(b, ImagingTopologyTest.config().withRegistration(true, 1, 3, 6f)
                .withDetection(4, 2f, 0.4f), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "imaging-online-reseg");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state2")).toString());
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(p), p)) {
            TestInputTopic<String, Plane> planes = d.createInputTopic(Topics.PLANES.name(),
                    Topics.PLANES.keySerde().serializer(), Topics.PLANES.valueSerde().serializer());
            TestInputTopic<String, RigEvent> events = d.createInputTopic(Topics.RIG_EVENTS.name(),
                    Topics.RIG_EVENTS.keySerde().serializer(), Topics.RIG_EVENTS.valueSerde().serializer());
            TestOutputTopic<String, NeuronTableBlock> segOut = d.createOutputTopic(Topics.SEGMENTATION.name(),
                    Topics.SEGMENTATION.keySerde().deserializer(), Topics.SEGMENTATION.valueSerde().deserializer());
            TestOutputTopic<String, TraceBlock> traces = d.createOutputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().deserializer(), Topics.TRACES.valueSerde().deserializer());
            int f = 0;
            for (; f < 12; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    planes.pipeInput(Keys.planeKey("fish-02", z), fish.plane(f, z));
                }
            }
            assertEquals(1, segOut.readValuesToList().size(), "version 1 detected from the first volumes");
            // other kinds, a malformed event and a request for a session without a table change nothing
            events.pipeInput("fish-02", RigEvent.of("fish-02", 1, RigEventKind.HEARTBEAT));
            events.pipeInput("nobody", RigEvent.of("nobody", 1, RigEventKind.RESEGMENT));
            d.createInputTopic(Topics.RIG_EVENTS.name(), new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer()).pipeInput("fish-02", new byte[] {1});
            assertEquals(0, counters.resegmentRequests.get());
            assertEquals(1, counters.malformedRigEvents.get());

            events.pipeInput("fish-02", RigEvent.of("fish-02", 2, RigEventKind.RESEGMENT));
            assertEquals(1, counters.resegmentRequests.get());
            for (; f < 15; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    planes.pipeInput(Keys.planeKey("fish-02", z), fish.plane(f, z));
                }
            }
            assertTrue(segOut.readValuesToList().isEmpty(), "three of the four volumes averaged: nothing yet");
            for (; f < fish.frames; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    planes.pipeInput(Keys.planeKey("fish-02", z), fish.plane(f, z));
                }
            }
            List<NeuronTableBlock> again = segOut.readValuesToList();
            assertEquals(1, again.size(), "one re-detected table");
            NeuronTableBlock nb = again.get(0);
            assertEquals(2, nb.version(), "the next version");
            assertEquals(2, counters.detections.get());
            assertEquals(2, counters.tables.get(), "the re-detected table came back and is in use");
            float[] tz = new float[fish.neurons];
            for (int i = 0; i < fish.neurons; i++) {
                tz[i] = fish.cz[i];
            }
            int matched = SegmentationScore.matched(SegmentationScore.match(fish.cx, fish.cy, tz, nb.centroidX(),
                    nb.centroidY(), nb.centroidZ(), 2f, 0.5f));
            assertTrue(matched >= 0.9 * fish.neurons, matched + " of " + fish.neurons + " nuclei found again, "
                    + "in the reference frame the first table was detected in");
            assertTrue(matched >= 0.9 * nb.totalNeurons(), matched + " of " + nb.totalNeurons() + " detections true");
            List<TraceBlock> out = traces.readValuesToList();
            long[] perFrame = new long[fish.frames];
            for (TraceBlock tb : out) {
                perFrame[(int) tb.frame()]++;
            }
            for (int k = 4; k < fish.frames; k++) {
                assertEquals(1, perFrame[k], "frame " + k + " traced once, during the re-run too");
            }
            assertEquals(nb.totalNeurons(), out.get(out.size() - 1).neuronCount(), "the last frame uses version 2");
        }
    }
}
