package org.zaploop.processors.forecast;

/** The last context frame, repeated for every step. */
public final class LastValueForecaster implements Forecaster {

    private final int context;
    private final int horizon;

    public LastValueForecaster(int context, int horizon) {
        this.context = context;
        this.horizon = horizon;
    }

    @Override
    public String name() {
        return "last";
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
        for (int h = 0; h < horizon; h++) {
            System.arraycopy(frames[from + context - 1], 0, out, h * neurons, neurons);
        }
    }
}
