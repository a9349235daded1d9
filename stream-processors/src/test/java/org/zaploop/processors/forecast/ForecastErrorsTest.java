package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The online scoring rule on scripted forecasts and targets whose MAE per step is worked out by hand. */
class ForecastErrorsTest {

    @Test
    void stepIsTheDistanceAheadWithinTheHorizon() {
        assertEquals(0, ForecastErrors.step(10, 11, 3));
        assertEquals(2, ForecastErrors.step(10, 13, 3));
        assertEquals(-1, ForecastErrors.step(10, 14, 3), "beyond the horizon");
        assertEquals(-1, ForecastErrors.step(10, 10, 3), "the forecast's own frame is no target");
        assertEquals(-1, ForecastErrors.step(10, 9, 3));
    }

    /**
     * Two neurons, three steps. Forecast at frame 10: (1, 2), (3, 4), (5, 6); at frame 11: (9, 9), (0, 0), (9, 9).
     * Frame 11 = (1.5, 1): step 1 of the first, |0.5| + |−1| = 1.5 over 2 neurons → 0.75. Frame 13 = (5, 8): step 3
     * of the first, 0 + 2 = 2 → 1.0; step 2 of the second, 5 + 8 = 13 → 6.5. Frame 14 is beyond the first's
     * horizon and frame 12 is never seen, so step 2 counts only the second forecast.
     */
    @Test
    void sumsAbsoluteErrorsPerStepAndDividesByNeurons() {
        float[] at10 = {1, 2, 3, 4, 5, 6};
        float[] at11 = {9, 9, 0, 0, 9, 9};
        double[] sum = new double[3];
        long[] count = new long[3];
        assertEquals(0, ForecastErrors.add(10, at10, 3, 2, 11, new float[] {1.5f, 1f}, sum, count));
        assertEquals(-1, ForecastErrors.add(11, at11, 3, 2, 11, new float[] {1.5f, 1f}, sum, count));
        float[] f13 = {5, 8};
        assertEquals(2, ForecastErrors.add(10, at10, 3, 2, 13, f13, sum, count));
        assertEquals(1, ForecastErrors.add(11, at11, 3, 2, 13, f13, sum, count));
        assertEquals(-1, ForecastErrors.add(10, at10, 3, 2, 14, f13, sum, count));
        assertArrayEquals(new long[] {2, 2, 2}, count);
        assertArrayEquals(new double[] {0.75, 6.5, 1.0}, ForecastErrors.mae(sum, count), 1e-12);
    }

    @Test
    void aStepNothingWasScoredAtReadsZeroWithCountZero() {
        double[] mae = ForecastErrors.mae(new double[] {3, 0}, new long[] {4, 0});
        assertArrayEquals(new double[] {0.75, 0}, mae, 1e-12);
    }

    /** Scoring fewer steps than the forecast holds (the protocol's H below the forecaster's) ignores the rest. */
    @Test
    void stepsBeyondTheScoredHorizonAreLeftOut() {
        double[] sum = new double[2];
        long[] count = new long[2];
        assertEquals(-1, ForecastErrors.add(10, new float[] {1, 2, 3}, 2, 1, 13, new float[] {0}, sum, count));
        assertEquals(1, ForecastErrors.add(10, new float[] {1, 2, 3}, 2, 1, 12, new float[] {0}, sum, count));
        assertArrayEquals(new double[] {0, 2}, sum, 1e-12);
    }
}
