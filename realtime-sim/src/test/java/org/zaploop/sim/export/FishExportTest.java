package org.zaploop.sim.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.protocol.ZapbenchConditions;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.archive.zarr.Order;
import org.zaploop.protocol.archive.zarr.ZarrArray;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.sim.fish.EphysLayout;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.FrameTruth;
import org.zaploop.sim.fish.RigOutput;
import org.zaploop.sim.fish.StandardFish;
import org.zaploop.sim.fish.VirtualFish;

/** An export holds exactly what the fish produced: the same session, run again in memory, matches it array by array. */
class FishExportTest {

    private static final FishGeometry G = new FishGeometry(128, 96, 8, 6.5, 36.0, 0.4, 600);
    private static final int FRAMES = 5;
    private static final String[] SCHEDULE = {"GRATING", "FLASH"};

    @TempDir
    Path dir;

    /** The same session in memory. */
    static final class Captured implements RigOutput {
        final List<short[]> planes = new ArrayList<>();
        final List<FrameTruth> truth = new ArrayList<>();
        final List<String> stimuli = new ArrayList<>();
        float[] ephys = new float[0];
        long ephysSamples;

        @Override
        public void plane(long frame, int z, long acquisitionNs, short[] pixels) {
            if (frame < FRAMES) {
                planes.add(pixels.clone());
            }
        }

        @Override
        public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
            ephys = java.util.Arrays.copyOf(ephys, (int) (ephysSamples + samples) * EphysLayout.CHANNELS);
            System.arraycopy(data, 0, ephys, (int) ephysSamples * EphysLayout.CHANNELS, samples * EphysLayout.CHANNELS);
            ephysSamples += samples;
        }

        @Override
        public void presented(String stimulus, Map<String, Double> params, int condition, long t, long seq, String note) {
            stimuli.add(stimulus);
        }

        @Override
        public void groundTruth(FrameTruth t) {
            if (t.frame() < FRAMES) {
                truth.add(new FrameTruth(t.frame(), t.trueDff().clone(), t.calcium().clone(), t.spikes().clone(),
                        t.shiftVox().clone()));
            }
        }
    }

    @Test
    void exportRoundTrip() throws Exception {
        VirtualFish.Config config = VirtualFish.Config.defaults(G, 42);
        Path out = dir.resolve("fish.zarr");
        List<Long> progress = new ArrayList<>();
        FishExport.run(out, config, "export-test", FRAMES, SCHEDULE, 1, progress::add);
        assertEquals(FRAMES, progress.get(progress.size() - 1));

        Captured mem = new Captured();
        try (StandardFish sf = StandardFish.build(config, mem, 0, 1)) {
            FishExport.schedule(sf.fish(), SCHEDULE, FRAMES * G.volumePeriodS(), 0);
            while (sf.fish().volumes() < FRAMES) {
                sf.fish().tick();
            }
        }

        try (SessionArchive a = SessionArchive.open(out)) {
            assertEquals(FRAMES, a.framesComplete());
            assertEquals(G.neurons(), a.meta().neurons());
            short[] plane = new short[G.pixelsPerPlane()];
            for (int f = 0; f < FRAMES; f++) {
                for (int z = 0; z < G.depth(); z++) {
                    a.readPlane(f, z, plane);
                    assertArrayEquals(mem.planes.get(f * G.depth() + z), plane, "plane " + f + "/" + z);
                }
            }
            float[] traces = new float[FRAMES * G.neurons()];
            a.readTraces(0, FRAMES, 0, G.neurons(), traces);
            for (int f = 0; f < FRAMES; f++) {
                assertArrayEquals(mem.truth.get(f).trueDff(),
                        java.util.Arrays.copyOfRange(traces, f * G.neurons(), (f + 1) * G.neurons()), "true ΔF/F of frame " + f);
            }
            float[] ephys = new float[(int) mem.ephysSamples * EphysLayout.CHANNELS];
            a.readEphys(0, mem.ephysSamples, ephys);
            for (int s = 0; s < mem.ephysSamples; s += 97) {
                assertEquals(mem.ephys[s * EphysLayout.CHANNELS], ephys[s], "ephys left channel sample " + s);
            }
            NeuronTable table = a.neuronTable().orElseThrow();
            assertEquals(G.neurons(), table.ids().length);
            long owning = java.util.Arrays.stream(table.voxelCount()).filter(v -> v > 0).count();
            assertTrue(owning > G.neurons() * 0.9, owning + " of " + G.neurons() + ": " +
                    "nearly every neuron owns voxels in the label volume");
            String events = String.join("\n", a.events());
            assertTrue(events.contains("\"GRATING\"") && events.contains("\"FLASH\""), events);
        }
        short[] spikes = new short[FRAMES * G.neurons()];
        ZarrArray s = ZarrArray.open(out.resolve("truth/spikes"));
        s.readShort(new long[] {0, 0}, new int[] {FRAMES, G.neurons()}, spikes, Order.C);
        long total = 0;
        for (int f = 0; f < FRAMES; f++) {
            for (int i = 0; i < G.neurons(); i++) {
                int stored = Short.toUnsignedInt(spikes[f * G.neurons() + i]);
                assertEquals(mem.truth.get(f).spikes()[i], stored);
                total += stored;
            }
        }
        assertTrue(total > 0, "the brain fired");
    }

    /** Without volumes the fish skips rendering, yet the session is the same: identical traces, ephys and events. */
    @Test
    void tracesOnlyExportHoldsTheSameSession() throws Exception {
        VirtualFish.Config config = VirtualFish.Config.defaults(G, 42);
        Path full = FishExport.run(dir.resolve("full"), config, "export-test", FRAMES, SCHEDULE, 1, f -> { });
        Path lean = FishExport.run(dir.resolve("lean"), config, "export-test", FRAMES, SCHEDULE, 1, false, f -> { });
        try (SessionArchive a = SessionArchive.open(full); SessionArchive b = SessionArchive.open(lean)) {
            assertEquals(FRAMES, b.framesComplete());
            float[] ta = new float[FRAMES * G.neurons()];
            float[] tb = new float[FRAMES * G.neurons()];
            a.readTraces(0, FRAMES, 0, G.neurons(), ta);
            b.readTraces(0, FRAMES, 0, G.neurons(), tb);
            assertArrayEquals(ta, tb, "true ΔF/F");
            assertEquals(a.events().size(), b.events().size(), "rig events");
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(lean)) {
            long chunksOfRaw = files.filter(f -> f.toString().contains("raw") && java.nio.file.Files.isRegularFile(f)
                    && !f.getFileName().toString().endsWith(".json")).count();
            assertEquals(0, chunksOfRaw, "no raw volume chunk written");
        }
    }
    /**
     * ZAPBench's schedule: every frame's condition, as the archive's rig events give it (each condition-tagged
     * event holds until the next), is the condition ZAPBench's table scaled to the session puts there, but for the
     * frame a command lands in (it takes effect at the first ephys block after its time).
     */
    @Test
    void zapbenchScheduleTagsEveryFrameWithItsCondition() throws Exception {
        int frames = 120;
        VirtualFish.Config config = VirtualFish.Config.defaults(G, 42);
        Path out = FishExport.run(dir.resolve("zb"), config, "export-test", frames, new String[] {"zapbench"}, 1, false,
                f -> { });
        TreeMap<Long, Integer> changes = new TreeMap<>();
        Set<String> stimuli = new TreeSet<>();
        try (SessionArchive a = SessionArchive.open(out)) {
            for (RigEvent e : a.rigEvents()) {
                if (e.condition() != null && e.condition() >= 0) {
                    long frame = Math.round(e.acquisitionNs() / 1e9 / G.volumePeriodS());
                    changes.put(frame, e.condition());
                    stimuli.add(e.stimulus());
                }
            }
        }
        int wrong = 0;
        for (int k = 0; k < ZapbenchConditions.COUNT; k++) {
            int from = ZapbenchConditions.scaledStart(k, frames);
            int to = ZapbenchConditions.scaledStart(k + 1, frames);
            for (int f = from + 1; f < to; f++) {
                Map.Entry<Long, Integer> e = changes.floorEntry((long) f);
                if (e == null || e.getValue() != k) {
                    wrong++;
                }
            }
        }
        assertEquals(0, wrong, "frames inside a condition tagged with another: " + changes);
        // OFF: the screen going back to grey as each flash of the flash condition ends
        assertEquals(Set.of("GRATING", "DOTS", "FLASH", "OFF", "PHOTOTAXIS", "ROTATION", "DARK"), stimuli);
    }
}
