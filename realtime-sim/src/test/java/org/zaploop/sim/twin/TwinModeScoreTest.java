package org.zaploop.sim.twin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.archive.ArchiveMeta;

class TwinModeScoreTest {

    private static final TwinParams PARAMS = TwinParams.defaults(0.9141).againstTruth().withSeed(3);

    /**
     * A session whose cerebellum is driven by its own noise — a slow random walk (AR(1), 0.9 per frame) that no
     * stimulus explains, as in a region that no stimulus and no projection reaches — while every other region
     * steps up under FLASH (8 frames OFF, 8 FLASH, …). Each neuron adds a fixed offset and a little noise of its own.
     */
    private static RecordedSession noiseDriven(RegionMap map, int frames, long seed) {
        Random rnd = new Random(seed);
        int cerebellum = map.regionNames().indexOf("cerebellum");
        int n = map.measured();
        float[] traces = new float[frames * n];
        String[] stim = new String[frames];
        List<Map<String, Double>> stimParams = new ArrayList<>();
        double walk = 0;
        for (int f = 0; f < frames; f++) {
            stim[f] = (f / 8) % 2 == 0 ? "OFF" : "FLASH";
            stimParams.add(Map.of());
            walk = 0.9 * walk + 0.065 * rnd.nextGaussian();
            for (int m = 0; m < n; m++) {
                int r = map.regionOf(m);
                double level = r == cerebellum ? 0.5 + walk : 0.35 + (stim[f].equals("FLASH") ? 0.25 : 0);
                traces[f * n + m] = (float) Math.max(0, level + 0.02 * (m % 5) + 0.02 * rnd.nextGaussian());
            }
        }
        ArchiveMeta meta = new ArchiveMeta("synthetic", 128, 83, 12, 6.5, 6.5, 24, 0.9141, n, 0, 0, Map.of());
        return new RecordedSession(meta, map, frames, traces, stim, stimParams);
    }

    @Test
    void aPredictionNeverSeesTheFrameItPredicts() {
        RegionMap map = TwinFixtures.table(900, 2);
        RecordedSession session = noiseDriven(map, 40, 5);
        int fit = 28;
        int k = 4;
        int t = 32;
        float[] wild = session.traces().clone();
        int n = map.measured();
        for (int m = 0; m < n; m++) {
            wild[t * n + m] = m % 2 == 0 ? 1.5f : -0.25f; // frame t replaced by something no fish shows
        }
        RecordedSession altered = new RecordedSession(session.meta(), map, session.frames(), wild, session.stimulus(),
                session.params());
        TwinModeScore scoring = new TwinModeScore(session, PARAMS, fit, k);
        TwinModeScore.Result a = scoring.score(TwinModel.neutral(map.regionNames()));
        TwinModeScore.Result b = new TwinModeScore(altered, PARAMS, fit, k).score(TwinModel.neutral(map.regionNames()));
        for (int u = fit; u <= t; u++) {
            assertArrayEquals(a.predicted1()[u], b.predicted1()[u], "the one-step prediction of frame " + u
                    + " must not change when frame " + t + " does");
        }
        for (int u = fit; u <= t + k - 1; u++) {
            assertArrayEquals(a.predictedAhead()[u], b.predictedAhead()[u], "the " + k + "-step prediction of frame "
                    + u + " was made before frame " + t + " was measured");
        }
        assertFalse(Arrays.equals(a.predicted1()[t + 1], b.predicted1()[t + 1]),
                "once assimilated, the altered frame " + t + " moves the prediction of the next one");
        assertFalse(Arrays.equals(a.predictedAhead()[t + k], b.predictedAhead()[t + k]),
                "the first " + k + "-step prediction made after frame " + t + " sees it");
        for (int u = 0; u < session.frames(); u++) {
            assertTrue(u < fit == Double.isNaN(a.predicted1()[u][0]), "frame " + u + ": predicted only when held out");
            assertTrue(u < fit == Double.isNaN(a.predictedAhead()[u][0]), "frame " + u + ": predicted only when held out");
        }
    }

    @Test
    void inTwinModeANoiseDrivenRegionIsPredictedWhereOpenLoopCannotFollowIt() {
        RegionMap map = TwinFixtures.table(900, 2);
        int cerebellum = map.regionNames().indexOf("cerebellum");
        RecordedSession session = noiseDriven(map, 64, 11);
        TwinFit.Result fit = new TwinFit(session, PARAMS, 2, 0.25, 200).run(done -> { });
        TwinModeScore.Result twin = new TwinModeScore(session, PARAMS, fit.fitFrames(), 4).score(fit.model());
        double openLoop = fit.correlation()[cerebellum];
        double oneAhead = twin.oneAhead().correlation()[cerebellum];
        double fourAhead = twin.kAhead().correlation()[cerebellum];
        assertFalse(Double.isNaN(openLoop) || Double.isNaN(oneAhead) || Double.isNaN(fourAhead),
                "the cerebellum's walk moves and is scored: " + openLoop + ", " + oneAhead + ", " + fourAhead);
        assertTrue(oneAhead > 0.5, "one frame ahead, the nudged twin follows the walk: r = " + oneAhead);
        assertTrue(oneAhead > openLoop + 0.3, "twin mode one ahead (r = " + oneAhead + ") should clearly beat open "
                + "loop (r = " + openLoop + ") on a region no stimulus drives");
        assertTrue(twin.oneAhead().rms()[cerebellum] < fit.rmsHeldOut()[cerebellum], "and its error is smaller: "
                + twin.oneAhead().rms()[cerebellum] + " vs open loop " + fit.rmsHeldOut()[cerebellum]);
        // the reference beside it: the last measured frame as the prediction, here the walk's step from frame to frame
        double[] mean = new double[session.frames()];
        int count = map.measuredIn(cerebellum);
        for (int f = 0; f < session.frames(); f++) {
            for (int m = 0; m < map.measured(); m++) {
                mean[f] += map.regionOf(m) == cerebellum ? session.dff(f, m) / (double) count : 0;
            }
        }
        double sq = 0;
        for (int f = fit.fitFrames(); f < session.frames(); f++) {
            sq += (mean[f] - mean[f - 4]) * (mean[f] - mean[f - 4]) / fit.heldOutFrames();
        }
        assertEquals(Math.sqrt(sq), twin.lastFrameK().rms()[cerebellum], 1e-6, "the last frame, 4 frames ahead");
    }

    @Test
    void refusesAHorizonTheSessionCannotScore() {
        RegionMap map = TwinFixtures.table(900, 2);
        RecordedSession session = noiseDriven(map, 20, 1);
        assertThrows(IllegalArgumentException.class, () -> new TwinModeScore(session, PARAMS, 15, 0));
        assertThrows(IllegalArgumentException.class, () -> new TwinModeScore(session, PARAMS, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new TwinModeScore(session, PARAMS, 20, 1));
    }
}
