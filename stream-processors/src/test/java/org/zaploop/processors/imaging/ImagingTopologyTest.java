package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.processors.imaging.topology.ImagingConfig;
import org.zaploop.processors.imaging.topology.ImagingCounters;
import org.zaploop.processors.imaging.topology.ImagingTopology;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;

class ImagingTopologyTest {

    @TempDir
    Path dir;

    static final int WINDOW = 20;

    static ImagingConfig config() {
        return ImagingConfig.defaults().withDff(WINDOW, 8).withFrameTimeoutMs(2000)
                .withRegistration(true, 2, 3, 6f);
    }

    /**
     * Per neuron, Pearson r between emitted and true ΔF/F over frames [from, to); the mean over neurons whose true
     * ΔF/F varies in that range.
     */
    static double meanCorrelation(SyntheticSession fish, float[][] dff, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < fish.neurons; i++) {
            float[] a = new float[to - from];
            float[] b = new float[to - from];
            for (int t = from; t < to; t++) {
                a[t - from] = dff[t][i];
                b[t - from] = fish.dff[t][i];
            }
            double r = SyntheticSession.correlation(a, b);
            if (!Double.isNaN(r)) {
                sum += r;
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void extractsTracesThatFollowTheTruthAndRoutesBadPlanesToTheDlq() throws Exception {
        SyntheticSession fish = new SyntheticSession("fish-01", 96, 80, 6, 600, 50, 0f, 0, 4, 17);
        StreamsBuilder b = new StreamsBuilder();
        ImagingCounters counters = new ImagingCounters();
        ImagingTopology.addTo(b, config(), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "imaging-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        Topology t = b.build(p);
        String described = t.describe().toString();
        assertTrue(described.contains("imaging-extract"));
        assertFalse(described.matches("(?s).*KSTREAM-[A-Z]+-\\d+.*"), "every node is named:\n" + described);
        Instant start = Instant.ofEpochSecond(1_700_000_000L);
        try (TopologyTestDriver d = new TopologyTestDriver(t, p, start)) {
            TestInputTopic<String, Plane> planes = d.createInputTopic(Topics.PLANES.name(),
                    Topics.PLANES.keySerde().serializer(), Topics.PLANES.valueSerde().serializer());
            TestInputTopic<String, byte[]> rawPlanes = d.createInputTopic(Topics.PLANES.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestInputTopic<String, NeuronTableBlock> seg = d.createInputTopic(Topics.SEGMENTATION.name(),
                    Topics.SEGMENTATION.keySerde().serializer(), Topics.SEGMENTATION.valueSerde().serializer());
            TestOutputTopic<String, TraceBlock> traces = d.createOutputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().deserializer(), Topics.TRACES.valueSerde().deserializer());
            TestOutputTopic<String, DeadLetter> dlq = d.createOutputTopic(Topics.DLQ.name(),
                    Topics.DLQ.keySerde().deserializer(), Topics.DLQ.valueSerde().deserializer());

            // a plane before any segmentation of its session
            planes.pipeInput(Keys.planeKey("fish-01", 0), fish.plane(0, 0), 1000);
            assertTrue(dlq.readValuesToList().get(0).reason().contains("no segmentation"));
            for (NeuronTableBlock nb : fish.blocks(1, 100)) {
                seg.pipeInput(Keys.blockKey(nb.session(), nb.block()), nb, 1000);
            }
            assertEquals(1, counters.tables.get());
            int frames = fish.frames - 1; // the last frame is left incomplete below
            for (int f = 0; f < frames; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    Plane pl = fish.plane(f, z);
                    planes.pipeInput(Keys.planeKey("fish-01", z), pl, pl.acquisitionNs() / 1_000_000);
                }
            }
            List<TestRecord<String, TraceBlock>> out = traces.readRecordsToList();
            assertEquals(frames * 2, out.size(), "two 512-neuron blocks per frame");
            float[][] dff = new float[fish.frames][fish.neurons];
            for (TestRecord<String, TraceBlock> r : out) {
                TraceBlock tb = r.value();
                assertEquals(Keys.blockKey("fish-01", tb.block()), r.key());
                assertEquals(tb.block() * 512, tb.firstNeuron());
                assertFalse(tb.partialFrame());
                assertEquals(fish.acquisitionNs((int) tb.frame(), fish.depth - 1), tb.acquisitionNs());
                assertTrue(tb.hasRaw());
                System.arraycopy(tb.dff(), 0, dff[(int) tb.frame()], tb.firstNeuron(), tb.neuronCount());
            }
            double r = meanCorrelation(fish, dff, WINDOW, frames);
            System.out.printf("imaging topology: mean r(ΔF/F, truth) = %.3f over %d neurons%n", r, fish.neurons);
            assertTrue(r > 0.9, "mean correlation " + r);

            // bad planes: duplicate/late, wrong shape, wrong key, malformed; none of them makes traces
            Plane late = fish.plane(3, 2);
            planes.pipeInput(Keys.planeKey("fish-01", 2), late);
            planes.pipeInput(Keys.planeKey("fish-01", 0), Plane.whole("fish-01", frames, 0, fish.depth, 5, 10, 10,
                    new short[100]));
            planes.pipeInput(Keys.planeKey("fish-01", 4), fish.plane(frames, 1));
            rawPlanes.pipeInput(Keys.planeKey("fish-01", 1), new byte[] {1, 2, 3});
            List<DeadLetter> dead = dlq.readValuesToList();
            assertEquals(4, dead.size(), dead.toString());
            assertTrue(dead.get(0).reason().contains("late or out of order"), dead.get(0).reason());
            assertTrue(dead.get(1).reason().contains("does not match the segmentation"), dead.get(1).reason());
            assertTrue(dead.get(2).reason().contains("is not the plane's key"), dead.get(2).reason());
            assertEquals(Topics.PLANES.name(), dead.get(3).sourceTopic());
            assertTrue(traces.isEmpty());

            // the last frame misses plane 3: emitted partial once the timeout has passed on the wall clock
            for (int z = 0; z < fish.depth; z++) {
                if (z != 3) {
                    Plane pl = fish.plane(frames, z);
                    planes.pipeInput(Keys.planeKey("fish-01", z), pl, pl.acquisitionNs() / 1_000_000);
                }
            }
            planes.pipeInput(Keys.planeKey("fish-01", 5), fish.plane(frames, 5));
            assertEquals("duplicate plane z=5 of frame " + frames, dlq.readValuesToList().get(0).reason());
            d.advanceWallClockTime(Duration.ofMillis(1000));
            assertTrue(traces.isEmpty(), "not yet timed out");
            d.advanceWallClockTime(Duration.ofMillis(1500));
            List<TraceBlock> partial = traces.readValuesToList();
            assertEquals(2, partial.size());
            assertTrue(partial.get(0).partialFrame());
            assertEquals(frames, partial.get(0).frame());
            assertEquals(fish.acquisitionNs(frames, 5), partial.get(0).acquisitionNs());
            assertEquals(1, counters.partialFrames.get());
            // the raw history a restart replays: the ΔF/F window plus the frames its averaging looks back over
            assertTrue(d.getKeyValueStore(ImagingTopology.HISTORY_STORE).approximateNumEntries()
                    <= WINDOW + CausalDff.DEFAULT_SMOOTH_FRAMES);
        }
    }

    /** Mean r(ΔF/F, truth) of a drifting session through the topology, with or without registration. */
    private double driftingSession(boolean register, String app) throws Exception {
        SyntheticSession fish = new SyntheticSession("fish-01", 96, 80, 4, 200, 70, 5f, 0, 4, 23).drifting(4f, 3);
        StreamsBuilder b = new StreamsBuilder();
        ImagingCounters counters = new ImagingCounters();
        ImagingTopology.addTo(b, config().withRegistration(register, 2, 3, 8f), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve(app)).toString());
        float[][] dff = new float[fish.frames][fish.neurons];
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(p), p)) {
            TestInputTopic<String, Plane> planes = d.createInputTopic(Topics.PLANES.name(),
                    Topics.PLANES.keySerde().serializer(), Topics.PLANES.valueSerde().serializer());
            TestInputTopic<String, NeuronTableBlock> seg = d.createInputTopic(Topics.SEGMENTATION.name(),
                    Topics.SEGMENTATION.keySerde().serializer(), Topics.SEGMENTATION.valueSerde().serializer());
            TestOutputTopic<String, TraceBlock> traces = d.createOutputTopic(Topics.TRACES.name(),
                    Topics.TRACES.keySerde().deserializer(), Topics.TRACES.valueSerde().deserializer());
            for (NeuronTableBlock nb : fish.blocks(1, 512)) {
                seg.pipeInput(Keys.blockKey(nb.session(), nb.block()), nb);
            }
            for (int f = 0; f < fish.frames; f++) {
                for (int z = 0; z < fish.depth; z++) {
                    planes.pipeInput(Keys.planeKey("fish-01", z), fish.plane(f, z));
                }
            }
            for (TraceBlock tb : traces.readValuesToList()) {
                System.arraycopy(tb.dff(), 0, dff[(int) tb.frame()], tb.firstNeuron(), tb.neuronCount());
            }
            if (register) {
                double dx = counters.shiftXMilli.get() / 1e3 - fish.shiftX[fish.frames - 1];
                double dy = counters.shiftYMilli.get() / 1e3 - fish.shiftY[fish.frames - 1];
                assertTrue(Math.hypot(dx, dy) < 0.5, "last shift off by " + Math.hypot(dx, dy));
            }
        }
        return meanCorrelation(fish, dff, WINDOW, fish.frames);
    }

    @Test
    void registrationKeepsTracesOfAMovingFish() throws Exception {
        double with = driftingSession(true, "imaging-reg-on");
        double without = driftingSession(false, "imaging-reg-off");
        System.out.printf("drifting fish (±4 voxels): mean r with registration %.3f, without %.3f%n", with, without);
        assertTrue(with > 0.85, "with registration " + with);
        assertTrue(with > without + 0.1, with + " vs " + without);
    }

    @Test
    void aNewTableVersionReplacesTheOldOne() throws Exception {
        SyntheticSession fish = new SyntheticSession("fish-01", 32, 32, 2, 10, 4, 0f, 0, 2, 3);
        StreamsBuilder b = new StreamsBuilder();
        ImagingCounters counters = new ImagingCounters();
        ImagingTopology.addTo(b, config().withRegistration(false, 1, 1, 0), counters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "imaging-test-2");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state2")).toString());
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(p), p)) {
            TestInputTopic<String, NeuronTableBlock> seg = d.createInputTopic(Topics.SEGMENTATION.name(),
                    Topics.SEGMENTATION.keySerde().serializer(), Topics.SEGMENTATION.valueSerde().serializer());
            TestOutputTopic<String, DeadLetter> dlq = d.createOutputTopic(Topics.DLQ.name(),
                    Topics.DLQ.keySerde().deserializer(), Topics.DLQ.valueSerde().deserializer());
            List<NeuronTableBlock> v1 = fish.blocks(1, 4);
            List<NeuronTableBlock> v2 = fish.blocks(2, 5);
            for (NeuronTableBlock nb : v1) {
                seg.pipeInput(Keys.blockKey(nb.session(), nb.block()), nb);
            }
            seg.pipeInput(Keys.blockKey("fish-01", 0), v2.get(0));
            assertEquals(1, counters.tables.get(), "version 2 incomplete");
            seg.pipeInput(Keys.blockKey("fish-01", 1), v2.get(1));
            assertEquals(2, counters.tables.get());
            seg.pipeInput(Keys.blockKey("fish-01", 2), v1.get(2));
            assertTrue(dlq.readValuesToList().get(0).reason().contains("older than version 2"));
            List<String> keys = new ArrayList<>();
            d.<String, NeuronTableBlock>getKeyValueStore(ImagingTopology.SEGMENTATION_STORE).all()
                    .forEachRemaining(kv -> keys.add(kv.key));
            assertEquals(List.of("fish-01/0000", "fish-01/0001"), keys);
        }
    }
}
