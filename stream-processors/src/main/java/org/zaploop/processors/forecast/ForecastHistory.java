package org.zaploop.processors.forecast;

import java.util.Arrays;

/**
 * The forecasts one forecaster made for one neuron block at the last H frames, to score them as their targets
 * arrive: when frame t arrives, step h (0-based) of the forecast made at frame t − 1 − h predicted it. Each of
 * the H + 1 slots is one {@code [H][neurons]} array the forecaster writes into directly (and the topology
 * publishes from), so nothing is allocated or copied per frame. Reads and writes no topic or store.
 */
public final class ForecastHistory {

    private final int horizon;
    private final int neurons;
    private final float[][] made; // [H + 1 slots][H × neurons]
    private final long[] madeAt;

    public ForecastHistory(int horizon, int neurons) {
        this.horizon = horizon;
        this.neurons = neurons;
        this.made = new float[horizon + 1][horizon * neurons];
        this.madeAt = new long[horizon + 1];
        Arrays.fill(madeAt, -1);
    }

    /**
     * The array ([H][neurons]) to write the forecast made at {@code frame} into; it is overwritten H + 1 frames
     * later.
     */
    public float[] slotFor(long frame) {
        int slot = (int) (frame % (horizon + 1));
        madeAt[slot] = frame;
        return made[slot];
    }

    /**
     * Adds Σ_i |target − forecast| for every step whose forecast of {@code frame} is held to {@code absSum[h]} and
     * the neuron count to {@code count[h]}; returns how many steps were scored.
     */
    public int score(long frame, float[] target, double[] absSum, long[] count) {
        int scored = 0;
        for (int h = 0; h < horizon; h++) {
            long at = frame - 1 - h;
            if (at < 0) {
                break;
            }
            int slot = (int) (at % (horizon + 1));
            if (madeAt[slot] != at) {
                continue;
            }
            absSum[h] += ForecastErrors.absError(made[slot], h, neurons, target);
            count[h] += neurons;
            scored++;
        }
        return scored;
    }

    public void clear() {
        Arrays.fill(madeAt, -1);
    }
}
