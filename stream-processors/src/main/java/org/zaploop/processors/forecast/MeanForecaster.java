package org.zaploop.processors.forecast;

/** ZAPBench's mean baseline: the mean of the context per neuron, repeated for every step. */
public final class MeanForecaster implements Forecaster {

    private final int context;
    private final int horizon;
    private double[] acc = new double[0];

    public MeanForecaster(int context, int horizon) {
        this.context = context;
        this.horizon = horizon;
    }

    @Override
    public String name() {
        return "mean";
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public void forecast(float[][] frames, int from, int firstNeuron, int neurons, int[] targetConditions,
                         float[] out) {
        if (acc.length < neurons) {
            acc = new double[neurons];
        }
        contextMean(frames, from, context, neurons, acc, out);
        for (int h = 1; h < horizon; h++) {
            System.arraycopy(out, 0, out, h * neurons, neurons);
        }
    }

    /**
     * Writes the per-neuron mean of the {@code c} frames {@code frames[from ..]} to {@code dest[0 .. neurons)},
     * summing frame by frame in double into {@code acc} (length ≥ neurons).
     */
    static void contextMean(float[][] frames, int from, int c, int neurons, double[] acc, float[] dest) {
        java.util.Arrays.fill(acc, 0, neurons, 0);
        for (int f = 0; f < c; f++) {
            float[] row = frames[from + f];
            for (int i = 0; i < neurons; i++) {
                acc[i] += row[i];
            }
        }
        for (int i = 0; i < neurons; i++) {
            dest[i] = (float) (acc[i] / c);
        }
    }
}
