package org.zaploop.processors.forecast;

/**
 * The forecasts one forecaster made for one neuron block at the last H frames, to score them as their targets
 * arrive: when frame t arrives, step h (0-based) of the forecast made at frame t − 1 − h predicted it. Reads and
 * writes no topic or store.
 */
public final class ForecastHistory {

    private final int horizon;
    private final int neurons;
    private final float[] made; // [H + 1 slots][H][neurons]
    private final long[] madeAt;
    private final int[] madeCondition;

    public ForecastHistory(int horizon, int neurons) {
        this.horizon = horizon;
        this.neurons = neurons;
        this.made = new float[(horizon + 1) * horizon * neurons];
        this.madeAt = new long[horizon + 1];
        this.madeCondition = new int[horizon + 1];
        java.util.Arrays.fill(madeAt, -1);
    }

    /** The buffer to write the forecast made at {@code frame} into ([H][neurons]) and its offset. */
    public int slotFor(long frame, int condition) {
        int slot = (int) (frame % (horizon + 1));
        madeAt[slot] = frame;
        madeCondition[slot] = condition;
        return slot * horizon * neurons;
    }

    public float[] buffer() {
        return made;
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
            int o = slot * horizon * neurons + h * neurons;
            double e = 0;
            for (int i = 0; i < neurons; i++) {
                e += Math.abs(target[i] - made[o + i]);
            }
            absSum[h] += e;
            count[h] += neurons;
            scored++;
        }
        return scored;
    }

    public void clear() {
        java.util.Arrays.fill(madeAt, -1);
    }
}
