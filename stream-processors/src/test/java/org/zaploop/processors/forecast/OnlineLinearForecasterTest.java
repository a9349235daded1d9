package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineLinearForecasterTest {

    private static final int C = 4;
    private static final int H = 6;
    private static final int N = 40;

    /** T frames of N neurons: each neuron a sinusoid of its own phase and amplitude, plus a little noise. */
    private static float[][] traces(long seed, int frames) {
        Random r = new Random(seed);
        double[] phase = new double[N];
        double[] amp = new double[N];
        for (int i = 0; i < N; i++) {
            phase[i] = 2 * Math.PI * r.nextDouble();
            amp[i] = 0.1 + 0.5 * r.nextDouble();
        }
        float[][] x = new float[frames][N];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < N; i++) {
                x[t][i] = (float) (amp[i] * Math.sin(0.4 * t + phase[i]) + 0.001 * r.nextGaussian());
            }
        }
        return x;
    }

    private static float[] forecastAt(OnlineLinearForecaster f, int firstNeuron, float[][] x, int t) {
        float[] out = new float[H * N];
        f.forecast(x, t - C + 1, firstNeuron, N, new int[H], out);
        return out;
    }

    /** Learns the window that completes at frame t (context t−C−H+1 … t−H, targets up to t). */
    private static boolean learnAt(OnlineLinearForecaster f, int firstNeuron, float[][] x, int t) {
        return f.learn(firstNeuron, x, t - C - H + 1, N, 1, 0);
    }

    @Test
    void eachBlocksMapDependsOnItsOwnWindowsNotOnHowTheBlocksInterleave() {
        float[][] a = traces(1, 80);
        float[][] b = traces(2, 80);
        OnlineLinearForecaster oneThenOther = new OnlineLinearForecaster(C, H, 16);
        OnlineLinearForecaster alternating = new OnlineLinearForecaster(C, H, 16);
        List<float[]> first = new ArrayList<>();
        List<float[]> second = new ArrayList<>();
        int start = C + H - 1;
        for (int t = start; t < 80; t++) { // block 0 to the end, then block 1
            learnAt(oneThenOther, 0, a, t);
            first.add(forecastAt(oneThenOther, 0, a, t));
        }
        for (int t = start; t < 80; t++) {
            learnAt(oneThenOther, N, b, t);
            first.add(forecastAt(oneThenOther, N, b, t));
        }
        List<float[]> secondA = new ArrayList<>();
        List<float[]> secondB = new ArrayList<>();
        for (int t = start; t < 80; t++) { // the same windows, block 1 first at every frame
            learnAt(alternating, N, b, t);
            secondB.add(forecastAt(alternating, N, b, t));
            learnAt(alternating, 0, a, t);
            secondA.add(forecastAt(alternating, 0, a, t));
        }
        second.addAll(secondA);
        second.addAll(secondB);
        assertTrue(oneThenOther.fitted(0) && oneThenOther.fitted(N), "both maps were solved on the way");
        assertEquals(first.size(), second.size());
        for (int k = 0; k < first.size(); k++) {
            assertArrayEquals(first.get(k), second.get(k), "forecast " + k + " is the same bit for bit");
        }
    }

    @Test
    void aBlocksMapIsSolvedFirstAfterEightLearnedFramesThenEveryRefit() {
        float[][] a = traces(3, 200);
        OnlineLinearForecaster f = new OnlineLinearForecaster(C, H, 64);
        List<Integer> solvedAt = new ArrayList<>();
        for (int t = C + H - 1, learned = 1; t < 200; t++, learned++) {
            if (learnAt(f, 0, a, t)) {
                solvedAt.add(learned);
            }
            assertEquals(learned >= OnlineLinearForecaster.FIRST_FIT_FRAMES, f.fitted(0), "after " + learned);
        }
        assertEquals(List.of(8, 72, 136), solvedAt);
        OnlineLinearForecaster close = new OnlineLinearForecaster(C, H, 4);
        List<Integer> closeAt = new ArrayList<>();
        for (int t = C + H - 1, learned = 1; learned <= 12; t++, learned++) {
            if (learnAt(close, 0, a, t)) {
                closeAt.add(learned);
            }
        }
        assertEquals(List.of(4, 8, 12), closeAt, "refits closer than the first fit: the first comes at the refit");
    }

    @Test
    void theBlocksOfABrainSpreadTheirSolvesOverTheRefitPeriod() {
        assertEquals(List.of(8L, 72L, 136L), solves(0, 64), "slot 0");
        assertEquals(List.of(11L, 75L, 139L), solves(3, 64), "slot 3: first after 8 + 3");
        assertEquals(List.of(12L, 20L, 84L, 148L), solves(12, 64), "slot 12: first after 8 + 12 mod 8, then 8 + 12");
        assertEquals(List.of(6L, 10L, 14L), solves(2, 4).subList(0, 3), "refit 4: the first fit comes sooner too");
        int[] perFrame = new int[200];
        for (int block = 0; block < 140; block++) { // a whole brain in blocks of 512 neurons
            for (long learned = 1; learned < 200; learned++) {
                if (OnlineLinearForecaster.solveDue(learned, block % 64, 64)) {
                    perFrame[(int) learned]++;
                }
            }
        }
        for (int learned = 80; learned < 200; learned++) {
            assertTrue(perFrame[learned] <= 3, perFrame[learned] + " solves after " + learned + " frames");
        }
    }

    private static List<Long> solves(int slot, int refit) {
        List<Long> at = new ArrayList<>();
        for (long learned = 1; learned < 160; learned++) {
            if (OnlineLinearForecaster.solveDue(learned, slot, refit)) {
                at.add(learned);
            }
        }
        return at;
    }

    @Test
    void aRestoredBlockForecastsAndLearnsOnExactlyAsTheOneSaved() {
        float[][] a = traces(4, 120);
        OnlineLinearForecaster running = new OnlineLinearForecaster(C, H, 16);
        int t = C + H - 1;
        for (; t < 50; t++) {
            learnAt(running, 0, a, t);
        }
        byte[] saved = running.changedBlockState(0);
        assertNotNull(saved);
        assertNull(running.changedBlockState(0), "nothing learned since it was saved");
        assertNull(running.changedBlockState(N), "a block it never saw");
        OnlineLinearForecaster restarted = new OnlineLinearForecaster(C, H, 16);
        restarted.restoreBlockState(0, saved);
        assertTrue(restarted.fitted(0));
        for (; t < 120; t++) {
            assertEquals(learnAt(running, 0, a, t), learnAt(restarted, 0, a, t), "same solve schedule at " + t);
            assertArrayEquals(forecastAt(running, 0, a, t), forecastAt(restarted, 0, a, t), "frame " + t);
        }
        OnlineLinearForecaster otherShape = new OnlineLinearForecaster(C + 1, H, 16);
        otherShape.restoreBlockState(0, saved);
        assertFalse(otherShape.fitted(0), "a state of another context length is not taken");
    }

    @Test
    void itLearnsTheRecurrenceOfSinusoidsAndForecastsTheMeanBeforeItsFirstSolve() {
        float[][] a = traces(5, 100);
        OnlineLinearForecaster f = new OnlineLinearForecaster(C, H, 16);
        int t = C + H - 1;
        float[] before = forecastAt(f, 0, a, t);
        for (int i = 0; i < N; i++) {
            float mean = (a[t - 3][i] + a[t - 2][i] + a[t - 1][i] + a[t][i]) / 4;
            assertEquals(mean, before[i], 1e-6, "unsolved: the context mean");
        }
        for (; t < 90; t++) {
            learnAt(f, 0, a, t);
        }
        // a sinusoid obeys x[t+1] = 2 cos(ω) x[t] − x[t−1]: every step ahead is linear in the context
        float[] out = forecastAt(f, 0, a, 90);
        double worst = 0;
        for (int h = 0; h < H; h++) {
            for (int i = 0; i < N; i++) {
                worst = Math.max(worst, Math.abs(out[h * N + i] - a[91 + h][i]));
            }
        }
        assertTrue(worst < 0.02, "worst error " + worst + " of amplitudes 0.1–0.6");
    }
}
