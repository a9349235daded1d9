package org.zaploop.protocol.records;

import java.util.Arrays;

import org.zaploop.protocol.Names;

/**
 * An H-step forecast of the ΔF/F of one block of neurons, made at frame t from the last {@code context} frames.
 * Travels on {@code zl.forecasts}, key {@code session/block}, binary format ZLFC.
 *
 * <p>{@code values} is laid out [step][neuron]: the forecast for frame {@code frame + 1 + s} of neuron
 * {@code firstNeuron + i} is {@code values[s * neuronCount + i]}. Values are finite. The array is not copied.
 *
 * @param session       session id
 * @param forecaster    forecaster name, {@link Names#PATTERN} (a metric tag, so keep the set small)
 * @param frame         the newest frame the forecast used
 * @param block         neuron block index 0..9999
 * @param firstNeuron   table index of the first neuron
 * @param neuronCount   neurons in the block, 1..65536
 * @param context       frames of context used, 1..65536
 * @param horizon       steps forecast, 1..1024
 * @param acquisitionNs acquisition time of {@code frame}
 * @param values        horizon × neuronCount forecasts
 */
public record ForecastBlock(String session, String forecaster, long frame, int block, int firstNeuron,
                            int neuronCount, int context, int horizon, long acquisitionNs, float[] values) {

    public ForecastBlock {
        Names.requireSession(session);
        Names.require("forecaster", forecaster);
        Check.atLeast("frame", frame, 0);
        Check.range("block", block, 0, Limits.MAX_BLOCK);
        Check.range("firstNeuron", firstNeuron, 0, Limits.MAX_TOTAL_NEURONS - 1);
        Check.range("neuronCount", neuronCount, 1, Limits.MAX_NEURONS_PER_BLOCK);
        Check.range("context", context, 1, Limits.MAX_CONTEXT);
        Check.range("horizon", horizon, 1, Limits.MAX_HORIZON);
        if ((long) horizon * neuronCount > Limits.MAX_FORECAST_VALUES) {
            throw new IllegalArgumentException("horizon × neuronCount = " + (long) horizon * neuronCount
                    + " exceeds " + Limits.MAX_FORECAST_VALUES);
        }
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.length("values", Check.notNull("values", values).length, (long) horizon * neuronCount,
                "horizon × neuronCount");
        Check.finite("values", values);
    }

    /** Forecast of step s (0 = next frame) for the i-th neuron of the block. */
    public float value(int step, int neuron) {
        return values[step * neuronCount + neuron];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastBlock f && session.equals(f.session) && forecaster.equals(f.forecaster)
                && frame == f.frame && block == f.block && firstNeuron == f.firstNeuron
                && neuronCount == f.neuronCount && context == f.context && horizon == f.horizon
                && acquisitionNs == f.acquisitionNs && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        int h = session.hashCode();
        h = 31 * h + forecaster.hashCode();
        h = 31 * h + Long.hashCode(frame);
        h = 31 * h + block;
        return 31 * h + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ForecastBlock[session=" + session + ", forecaster=" + forecaster + ", frame=" + frame
                + ", block=" + block + ", firstNeuron=" + firstNeuron + ", neuronCount=" + neuronCount
                + ", context=" + context + ", horizon=" + horizon + ", acquisitionNs=" + acquisitionNs
                + ", values=" + Check.summary(values) + "]";
    }
}
