package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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
 * The partial-frame timeout (2 s here; the fish acquires a volume per second) reads the stream's own progress: a
 * processor reading its input slower than the rig acquired it, or one plane partition behind the others, gets every
 * frame whole; a plane stream that stalls while the rig acquires times its frames out.
 */
class ImagingFrameTimeoutTest {

    @TempDir
    Path dir;

    private final SyntheticSession fish = new SyntheticSession("fish-t", 96, 80, 6, 200, 17, 0f, 0, 4, 7);
    private final ImagingCounters counters = new ImagingCounters();

    @Test
    void aProcessorBehindItsInputGetsEveryFrameWhole() throws Exception {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, Plane> planes = planes(d);
            for (int f = 0; f < fish.frames; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    // each plane takes the processor half a second: a frame takes 3 s, past the 2 s timeout
                    d.advanceWallClockTime(Duration.ofMillis(500));
                    planes.pipeInput(Keys.planeKey(fish.session, z), fish.plane(f, z));
                }
            }
            Map<Long, Boolean> partial = framesOut(d);
            assertEquals(fish.frames, partial.size(), "every frame out: " + partial);
            assertFalse(partial.containsValue(true), "no frame cut short: " + partial);
            assertTrue(dlq(d).isEmpty(), "no plane refused as late");
            assertEquals(0, counters.partialFrames.get());
        }
    }

    @Test
    void onePlanePartitionReadBehindTheOthersHoldsItsFramesOpenUntilItsPlanesCome() throws Exception {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, Plane> planes = planes(d);
            // all of z = 3's planes come after the other partitions' six frames, acquired up to 6 s later
            for (int f = 0; f < 6; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    if (z != 3) {
                        planes.pipeInput(Keys.planeKey(fish.session, z), fish.plane(f, z));
                    }
                }
            }
            assertTrue(framesOut(d).isEmpty(), "frames wait for the plane partition that is behind");
            for (int f = 0; f < 6; f++) {
                planes.pipeInput(Keys.planeKey(fish.session, 3), fish.plane(f, 3));
            }
            Map<Long, Boolean> partial = framesOut(d);
            assertEquals(6, partial.size(), partial.toString());
            assertFalse(partial.containsValue(true), "no frame cut short: " + partial);
            assertTrue(dlq(d).isEmpty());
        }
    }

    @Test
    void aPlaneStreamThatStallsTimesItsFramesOutWhileTheRigAcquires() throws Exception {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, Plane> planes = planes(d);
            for (int f = 0; f < 8; f++) {
                d.advanceWallClockTime(Duration.ofMillis(1000)); // a live rig: a volume a second
                for (int z = 0; z < fish.depth; z++) {
                    if (f < 2 || z != 3) { // plane 3 stops coming from frame 2 on
                        planes.pipeInput(Keys.planeKey(fish.session, z), fish.plane(f, z));
                    }
                }
            }
            // frame f is waited out once planes acquired 2 s after its first have come and z = 3 has sent nothing
            // for 2 s: frames 2–5, far sooner than the bound of 16 frames in flight; 6 and 7 still wait
            Map<Long, Boolean> partial = framesOut(d);
            assertEquals(Map.of(0L, false, 1L, false, 2L, true, 3L, true, 4L, true, 5L, true), partial);
            assertEquals(4, counters.partialFrames.get());
            assertTrue(dlq(d).isEmpty());
            // the rig stops: the last frames go out once the processor has waited 2 s without a plane
            for (int tick = 0; tick < 7; tick++) {
                d.advanceWallClockTime(Duration.ofMillis(250));
            }
            assertTrue(framesOut(d).isEmpty(), "1.75 s of waiting is not yet the timeout");
            d.advanceWallClockTime(Duration.ofMillis(250));
            assertEquals(Map.of(6L, true, 7L, true), framesOut(d));
        }
    }

    @Test
    void aPlaneStreamNotStartedYetIsWaitedForUpToTheFramesInFlightBound() throws Exception {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, Plane> planes = planes(d);
            // z = 3's partition has not begun to be read (a task started late): 17 frames come without it
            for (int f = 0; f < 17; f++) {
                d.advanceWallClockTime(Duration.ofMillis(1000));
                for (int z = 0; z < fish.depth; z++) {
                    if (z != 3) {
                        planes.pipeInput(Keys.planeKey(fish.session, z), fish.plane(f, z));
                    }
                }
            }
            // the bound (16 frames waiting) lets the oldest go, not the timeout
            assertEquals(Map.of(0L, true), framesOut(d));
            assertTrue(dlq(d).isEmpty());
        }
    }

    @Test
    void timeTheProcessorCouldNotReadIsNotTheRigsSilence() throws Exception {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, Plane> planes = planes(d);
            for (int z = 0; z < fish.depth - 1; z++) {
                planes.pipeInput(Keys.planeKey(fish.session, z), fish.plane(0, z));
            }
            // the stream thread was held up for 20 s (a long commit, a pause): one late tick, not 20 s of waiting
            d.advanceWallClockTime(Duration.ofSeconds(20));
            assertTrue(framesOut(d).isEmpty(), "frame 0 still waits for its last plane");
            planes.pipeInput(Keys.planeKey(fish.session, fish.depth - 1), fish.plane(0, fish.depth - 1));
            assertEquals(Map.of(0L, false), framesOut(d));
        }
    }

    private TopologyTestDriver driver() throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        ImagingTopology.addTo(b, ImagingTopologyTest.config(), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "imaging-timeout-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        TopologyTestDriver d = new TopologyTestDriver(b.build(p), p, Instant.ofEpochSecond(1_700_000_000L));
        TestInputTopic<String, NeuronTableBlock> seg = d.createInputTopic(Topics.SEGMENTATION.name(),
                Topics.SEGMENTATION.keySerde().serializer(), Topics.SEGMENTATION.valueSerde().serializer());
        for (NeuronTableBlock nb : fish.blocks(1, 100)) {
            seg.pipeInput(Keys.blockKey(nb.session(), nb.block()), nb);
        }
        assertEquals(1, counters.tables.get());
        return d;
    }

    private static TestInputTopic<String, Plane> planes(TopologyTestDriver d) {
        return d.createInputTopic(Topics.PLANES.name(), Topics.PLANES.keySerde().serializer(),
                Topics.PLANES.valueSerde().serializer());
    }

    /** Frames emitted since the last call, each with whether it was partial. */
    private static Map<Long, Boolean> framesOut(TopologyTestDriver d) {
        TestOutputTopic<String, TraceBlock> traces = d.createOutputTopic(Topics.TRACES.name(),
                Topics.TRACES.keySerde().deserializer(), Topics.TRACES.valueSerde().deserializer());
        Map<Long, Boolean> out = new TreeMap<>();
        for (TraceBlock tb : traces.readValuesToList()) {
            out.merge(tb.frame(), tb.partialFrame(), (a, b) -> a || b);
        }
        return out;
    }

    private static List<DeadLetter> dlq(TopologyTestDriver d) {
        return d.createOutputTopic(Topics.DLQ.name(), Topics.DLQ.keySerde().deserializer(),
                Topics.DLQ.valueSerde().deserializer()).readValuesToList();
    }
}
