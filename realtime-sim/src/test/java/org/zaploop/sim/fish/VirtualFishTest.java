package org.zaploop.sim.fish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.NetworkBuilder;
import org.zaploop.sim.engine.Simulator;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.SensoryDrive;
import org.zaploop.sim.networks.VogelsAbbott;

/** The virtual fish as a rig: timing of planes and ephys, commands, validity windows, ground truth. */
class VirtualFishTest {

    private static final FishGeometry G = new FishGeometry(64, 48, 4, 2.0, 10.0, 0.2, 400);
    private static final long START_NS = 1_700_000_000_000_000_000L;

    private Simulator sim;

    /** A small CUBA network that fires on its own, placed at random in the volume; exc/inh stand in for motor pools. */
    private Brain brain() {
        NetworkSpec cuba = VogelsAbbott.cuba(G.neurons(), 40, 0.1);
        float[] pos = new float[3 * G.neurons()];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < G.neurons(); i++) {
            pos[3 * i] = (float) (r.nextDouble() * G.width() * G.voxelXyUm());
            pos[3 * i + 1] = (float) (r.nextDouble() * G.height() * G.voxelXyUm());
            pos[3 * i + 2] = (float) (r.nextDouble() * (G.depth() - 1) * G.voxelZUm());
        }
        NetworkSpec spec = new NetworkSpec(cuba.dtMs(), cuba.populations(), cuba.projections(), pos, List.of());
        Network net = NetworkBuilder.build(spec, 11);
        sim = new Simulator(net, 1);
        return new SpikingBrain(net, sim, new SensoryDrive(List.of()), "exc", "inh", 5.0);
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    static class Recorded implements RigOutput {
        final List<long[]> planes = new ArrayList<>(); // frame, z, acquisitionNs
        final List<long[]> ephys = new ArrayList<>(); // firstSample, acquisitionNs, samples
        final List<String> presented = new ArrayList<>();
        final List<Long> acks = new ArrayList<>();
        final List<float[]> truth = new ArrayList<>();

        @Override
        public void plane(long frame, int z, long acquisitionNs, short[] pixels) {
            planes.add(new long[] {frame, z, acquisitionNs});
        }

        @Override
        public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
            ephys.add(new long[] {firstSample, acquisitionNs, samples});
        }

        @Override
        public void presented(String stimulus, Map<String, Double> params, int condition, long acquisitionNs,
                              long commandSeq, String note) {
            presented.add(stimulus);
            if (commandSeq >= 0) {
                acks.add(commandSeq);
            }
        }

        @Override
        public void groundTruth(FrameTruth t) {
            truth.add(t.trueDff().clone());
        }
    }

    @Test
    void planesAndEphysFollowTheAcquisitionClock() {
        Recorded out = new Recorded();
        VirtualFish fish = new VirtualFish(VirtualFish.Config.defaults(G, 3), brain(), out, START_NS);
        for (int k = 0; k < 100; k++) {
            fish.tick(); // 1 s of session at 10 ms blocks
        }
        assertEquals(5, fish.volumes(), "0.2 s volumes over 1 s");
        assertTrue(out.planes.size() >= 20 && out.planes.size() <= 21, "4 planes per volume, got " + out.planes.size());
        for (int i = 0; i < out.planes.size(); i++) {
            long[] p = out.planes.get(i);
            assertEquals(i / 4, p[0]);
            assertEquals(i % 4, p[1]);
            assertEquals(START_NS + Math.round(i * 0.05 * 1e9), p[2], 1, "plane " + i + " time stamp");
        }
        long expectFirst = 0;
        for (long[] e : out.ephys) {
            assertEquals(expectFirst, e[0], "ephys samples are contiguous");
            assertEquals(START_NS + Math.round(e[0] / 6000.0 * 1e9), e[1], 1);
            expectFirst += e[2];
        }
        assertEquals(6000, expectFirst);
        assertEquals(5, out.truth.size());
        double mean = 0;
        for (float v : out.truth.get(4)) {
            mean += v;
        }
        assertTrue(mean / G.neurons() > 0.01, "a firing network shows calcium transients in the ground truth");
    }

    @Test
    void inRealTimeNoEphysBlockLeavesBeforeItsLastSampleIsAcquired() {
        List<long[]> sent = java.util.Collections.synchronizedList(new ArrayList<>()); // end of block, sent at
        List<Long> lateness = java.util.Collections.synchronizedList(new ArrayList<>());
        Recorded out = new Recorded() {
            @Override
            public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
                sent.add(new long[] {(firstSample + samples) * 1_000_000_000L / 6000, ZapLoopClock.nowNs()});
            }
        };
        long start = ZapLoopClock.nowNs();
        VirtualFish fish = new VirtualFish(VirtualFish.Config.defaults(G, 3), brain(), out, start);
        try (FishRunner runner = new FishRunner(fish, 1.0, w -> { }).observeRelease(lateness::add).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() >= 30);
        }
        synchronized (sent) {
            for (long[] s : sent) {
                assertTrue(s[1] >= start + s[0] - 1_000, "a block left " + (start + s[0] - s[1]) + " ns early");
            }
        }
        assertTrue(lateness.size() >= 30, "every block's lateness is reported");
        synchronized (lateness) {
            assertTrue(lateness.stream().allMatch(ns -> ns >= 0), "lateness is never negative: " + lateness);
        }
    }

    @Test
    void commandsTakeEffectInTheirWindowDuplicatesAreDroppedAndStaleOnesEndInTheSafeState() {
        Recorded out = new Recorded();
        VirtualFish fish = new VirtualFish(VirtualFish.Config.defaults(G, 3), brain(), out, START_NS);
        long ms = 1_000_000;
        fish.command(new FishCommand(0, "GRATING", Map.of("velocity", 10.0, "gain", 1.0), 0, START_NS, START_NS + 300 * ms));
        fish.command(new FishCommand(0, "FLASH", Map.of(), 2, START_NS, START_NS + 300 * ms)); // duplicate seq
        fish.command(new FishCommand(1, "DARK", Map.of(), 8, START_NS - 500 * ms, START_NS - 100 * ms)); // already expired
        for (int k = 0; k < 20; k++) {
            fish.tick();
        }
        assertEquals("GRATING", fish.world().stimulus());
        assertEquals(1, fish.droppedCommands());
        assertEquals(1, fish.expiredCommands());
        for (int k = 0; k < 20; k++) {
            fish.tick(); // past 300 ms: no newer command arrived
        }
        assertEquals("SAFE_STATE", fish.world().stimulus());
        assertEquals(List.of("OFF", "GRATING", "GRATING", "SAFE_STATE"), out.presented);
        assertEquals(List.of(0L, 1L), out.acks, "the applied and the expired command are both answered");
    }

    @Test
    void aBlockIsSimulatedAheadAndSentOnlyWhenReleasedAndALaterCommandActsFromTheNextBlock() {
        Recorded out = new Recorded();
        VirtualFish fish = new VirtualFish(VirtualFish.Config.defaults(G, 3), brain(), out, START_NS);
        fish.simulateBlock();
        assertTrue(out.ephys.isEmpty(), "simulated, not yet acquired: nothing sent");
        assertThrows(IllegalStateException.class, fish::simulateBlock, "one block ahead at most");
        // A command arriving now cannot change the samples of a block already simulated ...
        fish.command(new FishCommand(0, "DARK", Map.of(), 8, START_NS, START_NS + 300 * 1_000_000L));
        fish.releaseBlock();
        assertEquals(1, out.ephys.size());
        assertEquals("OFF", fish.world().stimulus());
        assertThrows(IllegalStateException.class, fish::releaseBlock, "released once");
        // ... and acts from the next one.
        fish.simulateBlock();
        assertEquals("DARK", fish.world().stimulus());
        fish.releaseBlock();
        assertEquals(2, out.ephys.size());
    }

    @Test
    void sameSeedSameSession() {
        Recorded a = new Recorded();
        VirtualFish fa = new VirtualFish(VirtualFish.Config.defaults(G, 9), brain(), a, START_NS);
        for (int k = 0; k < 40; k++) {
            fa.tick();
        }
        sim.close();
        Recorded b = new Recorded();
        VirtualFish fb = new VirtualFish(VirtualFish.Config.defaults(G, 9), brain(), b, START_NS);
        for (int k = 0; k < 40; k++) {
            fb.tick();
        }
        // Every spike is counted once in its region (here the network's single one).
        SpikingBrain spiking = (SpikingBrain) fb.brain();
        org.junit.jupiter.api.Assertions.assertTrue(spiking.regionSpikes(0) > 0, "the brain fired");
        assertEquals(G.neurons(), spiking.regionSize(0));
        assertEquals(a.truth.size(), b.truth.size());
        for (int i = 0; i < a.truth.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.truth.get(i), b.truth.get(i));
        }
    }
}
