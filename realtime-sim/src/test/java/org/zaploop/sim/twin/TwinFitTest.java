package org.zaploop.sim.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.protocol.archive.ArchiveMeta;

class TwinFitTest {

    private static final int FRAMES = 64;
    private static final String[] SCHEDULE = {"OFF", "FLASH", "DARK", "GRATING"};

    /** A session recorded from a twin with known region parameters, open loop, under a repeating schedule. */
    private static RecordedSession recordedFrom(TwinModel truth, RegionMap map, TwinParams params) {
        return recordedFrom(truth, map, params, null);
    }

    /** The same, the twin's motor pools driven by {@code tail} (left, right per frame; null: none). */
    private static RecordedSession recordedFrom(TwinModel truth, RegionMap map, TwinParams params, float[] tail) {
        int n = map.measured();
        float[] traces = new float[FRAMES * n];
        String[] stim = new String[FRAMES];
        List<Map<String, Double>> stimParams = new ArrayList<>();
        float[] row = new float[n];
        try (DigitalTwin twin = new DigitalTwin(params, map, truth)) {
            for (int f = 0; f < FRAMES; f++) {
                stim[f] = SCHEDULE[(f / 8) % SCHEDULE.length];
                stimParams.add(Map.of());
                if (f == 0 || !stim[f].equals(stim[f - 1])) {
                    twin.present(stim[f], Map.of());
                }
                if (tail != null) {
                    twin.tail(tail[2 * f], tail[2 * f + 1]);
                }
                if (f == 0) {
                    twin.runFree(1, row, null);
                } else {
                    twin.stepFree(row, null);
                }
                System.arraycopy(row, 0, traces, f * n, n);
            }
        }
        ArchiveMeta meta = new ArchiveMeta("synthetic", 128, 83, 12, 6.5, 6.5, 24, 0.9141, n, 0, 0, Map.of());
        return new RecordedSession(meta, map, FRAMES, traces, stim, stimParams, tail);
    }

    @Test
    void recoversHowStronglyTheTailDrivesEachMotorPool() {
        RegionMap map = TwinFixtures.table(900, 2);
        TwinParams params = TwinParams.defaults(0.9141).againstTruth().withSeed(3);
        List<String> regions = map.regionNames();
        double[] tailGain = TwinModel.ones(regions.size());
        int left = regions.indexOf("motor_left");
        int right = regions.indexOf("motor_right");
        tailGain[left] = 1.6;
        tailGain[right] = 0.6;
        List<String> stimuli = List.of(SCHEDULE);
        TwinModel truth = new TwinModel(regions, new double[regions.size()], stimuli,
                TwinModel.ones(regions.size(), stimuli.size()), tailGain);
        // bouts in a third of the frames, each side on its own, as strong as the virtual fish's (0.3–1.5; its 90th
        // percentile is about 1.2): much stronger ones saturate the pools' calcium and leave the gain undetermined
        java.util.Random rnd = new java.util.Random(7);
        float[] tail = new float[2 * FRAMES];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = rnd.nextDouble() < 0.33 ? (float) (0.3 + 1.2 * rnd.nextDouble()) : 0f;
        }
        RecordedSession session = recordedFrom(truth, map, params, tail);
        TwinFit.Result r = new TwinFit(session, params, 8, 0.25, 200).run(done -> { });
        double fittedLeft = r.model().tailGain(left);
        double fittedRight = r.model().tailGain(right);
        assertEquals(1.6, fittedLeft, 0.32, "the left pool's tail gain");
        assertEquals(0.6, fittedRight, 0.12, "the right pool's tail gain");
        for (int k : new int[] {left, right}) {
            assertTrue(r.correlation()[k] >= 0.8, regions.get(k) + ": held-out correlation " + r.correlation()[k]);
            assertTrue(r.correlation()[k] > r.before()[k] || r.before()[k] >= 0.8, regions.get(k) + ": "
                    + r.before()[k] + " -> " + r.correlation()[k]);
        }
        RecordedSession deaf = session.withoutTail();
        TwinFit.Result without = new TwinFit(deaf, params, 8, 0.25, 200).run(done -> { });
        assertTrue(without.correlation()[left] < r.correlation()[left], "without the tail the left pool's bouts "
                + "cannot be followed: " + without.correlation()[left] + " vs " + r.correlation()[left]);
    }

    @Test
    void recoversKnownRegionParametersOfASmallNetworkAndImprovesHeldOutCorrelation() {
        RegionMap map = TwinFixtures.table(900, 2);
        TwinParams params = TwinParams.defaults(0.9141).againstTruth().withSeed(3);
        List<String> regions = map.regionNames();
        double[] bias = new double[regions.size()];
        List<String> stimuli = List.of(SCHEDULE);
        double[][] gain = TwinModel.ones(regions.size(), stimuli.size());
        for (int r = 0; r < regions.size(); r++) {
            bias[r] = 15 + 3 * r;
        }
        gain[regions.indexOf("pretectum_left")][stimuli.indexOf("FLASH")] = 1.8;
        gain[regions.indexOf("pretectum_right")][stimuli.indexOf("FLASH")] = 1.8;
        TwinModel truth = new TwinModel(regions, bias, stimuli, gain);
        RecordedSession session = recordedFrom(truth, map, params);
        List<Integer> progress = new ArrayList<>();
        TwinFit.Result r = new TwinFit(session, params, 8, 0.25, 200).run(progress::add);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), progress);
        assertEquals(48, r.fitFrames());
        double rmsAfter = 0;
        double rmsBefore = 0;
        int moving = 0;
        for (int k = 0; k < regions.size(); k++) {
            assertTrue(Math.abs(r.model().biasPa()[k] - bias[k]) < 12, regions.get(k) + ": bias "
                    + r.model().biasPa()[k] + " should be near the true " + bias[k]);
            rmsAfter += r.rmsHeldOut()[k];
            rmsBefore += r.rmsBefore()[k];
            if (!Double.isNaN(r.correlation()[k])) {
                moving++;
                assertTrue(r.correlation()[k] >= 0.8, regions.get(k) + ": held-out correlation " + r.correlation()[k]);
            }
        }
        assertTrue(moving >= 4, "the stimulus-driven regions move and are scored, got " + moving);
        assertTrue(rmsAfter < 0.5 * rmsBefore, "fitting should at least halve the held-out error: " + rmsBefore
                + " -> " + rmsAfter);
    }

    @Test
    void aModelSurvivesItsFileAndABadFileIsNamed(@TempDir Path dir) throws Exception {
        TwinModel m = new TwinModel(List.of("a", "b"), new double[] {1.5, -2}, List.of("FLASH"),
                new double[][] {{1}, {0.5}});
        Path f = dir.resolve("model.json");
        m.write(f, null);
        TwinModel back = TwinModel.read(f);
        assertEquals(m.regions(), back.regions());
        assertEquals(-2, back.biasPa()[1]);
        assertEquals(0.5, back.gain(1, "FLASH"));
        assertEquals(1.0, back.gain(1, "DARK"), "a stimulus the model does not list keeps gain 1");
        TwinModel tailed = new TwinModel(List.of("a", "b"), new double[] {0, 0}, List.of(), new double[][] {{}, {}},
                new double[] {1, 0.4});
        tailed.write(f, null);
        assertEquals(0.4, TwinModel.read(f).tailGain(1));
        java.nio.file.Files.writeString(f, "{\"format\":\"zaploop-twin-model-v1\",\"regions\":[{\"name\":\"a\","
                + "\"biasPa\":0,\"inputGain\":{}}]}");
        assertEquals(1.0, TwinModel.read(f).tailGain(0), "a model written before the tail drive keeps gain 1");
        java.nio.file.Files.writeString(f, "{\"format\":\"zaploop-twin-model-v1\",\"regions\":[{\"name\":\"a\"}]}");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> TwinModel.read(f));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TwinModel(List.of("a"), new double[] {0},
                List.of("FLASH"), new double[][] {{-1}}));
    }
}
