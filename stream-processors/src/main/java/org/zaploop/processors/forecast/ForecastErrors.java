package org.zaploop.processors.forecast;

/**
 * The online scoring rule of the ZAPBench protocol, one target frame at a time: a forecast made at frame t
 * predicts frame t + 1 + s at step s (0-based), and its error there is Σ_i |target_i − forecast_{s,i}| over the
 * block's neurons, summed per step together with the neuron count, so the MAE of step s is Σ / count. The one rule
 * for the forecasts the topology makes itself ({@link ForecastHistory}) and for those other components (the twin)
 * publish. Reads and writes no topic or store.
 */
public final class ForecastErrors {

    private ForecastErrors() {
    }

    /**
     * The step (0-based) at which a forecast made at {@code madeAt} over {@code steps} steps
     * predicts {@code target}, or −1.
     */
    public static int step(long madeAt, long target, int steps) {
        long s = target - madeAt - 1;
        return s >= 0 && s < steps ? (int) s : -1;
    }

    /** Σ_i |target[i] − values[step · neurons + i]| for i &lt; neurons ({@code values} laid out [step][neuron]). */
    public static double absError(float[] values, int step, int neurons, float[] target) {
        int o = step * neurons;
        double e = 0;
        for (int i = 0; i < neurons; i++) {
            e += Math.abs(target[i] - values[o + i]);
        }
        return e;
    }

    /**
     * Adds the error of the forecast made at {@code madeAt} (values [step][neuron], {@code steps} steps scored)
     * against {@code target}, the values of frame {@code targetFrame}, to {@code absSum[step]} and the neuron count
     * to {@code count[step]}; returns the step scored, or −1 if the forecast does not reach that frame.
     */
    public static int add(long madeAt, float[] values, int steps, int neurons, long targetFrame, float[] target,
                          double[] absSum, long[] count) {
        int s = step(madeAt, targetFrame, steps);
        if (s >= 0) {
            absSum[s] += absError(values, s, neurons, target);
            count[s] += neurons;
        }
        return s;
    }

    /** The MAE per step, Σ / count; 0 for a step nothing was scored at (the count says so). */
    public static double[] mae(double[] absSum, long[] count) {
        double[] mae = new double[absSum.length];
        for (int s = 0; s < mae.length; s++) {
            mae[s] = count[s] == 0 ? 0 : absSum[s] / count[s];
        }
        return mae;
    }
}
