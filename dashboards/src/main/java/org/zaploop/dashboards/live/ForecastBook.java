package org.zaploop.dashboards.live;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.zaploop.protocol.records.ForecastBlock;

/**
 * The newest forecast of every neuron block per forecaster ({@code zl.forecasts}), and the mean forecast of a
 * selection of neurons: available for frame t once every block the selection touches holds a forecast made at
 * t. Reads and writes no topic itself.
 */
public final class ForecastBook {

    /** The mean forecast of a selection: steps {@code frame + 1 .. frame + horizon}. */
    public record Fan(String forecaster, long frame, float[] values) {
    }

    private final Map<String, TreeMap<Integer, ForecastBlock>> byForecaster = new HashMap<>();

    public void add(ForecastBlock f) {
        byForecaster.computeIfAbsent(f.forecaster(), k -> new TreeMap<>()).put(f.firstNeuron(), f);
    }

    public Iterable<String> forecasters() {
        return byForecaster.keySet();
    }

    /** Forgets every forecast (the neuron table changed, so block positions may mean other neurons). */
    public void clear() {
        byForecaster.clear();
    }

    /**
     * The selection's mean forecast from {@code forecaster} if every selected neuron has a forecast made at the
     * same frame, else null.
     */
    public Fan fan(String forecaster, int[] selection) {
        TreeMap<Integer, ForecastBlock> blocks = byForecaster.get(forecaster);
        if (blocks == null || selection.length == 0) {
            return null;
        }
        long frame = -1;
        int horizon = Integer.MAX_VALUE;
        for (int i : selection) {
            ForecastBlock b = block(blocks, i);
            if (b == null || (frame >= 0 && b.frame() != frame)) {
                return null;
            }
            frame = b.frame();
            horizon = Math.min(horizon, b.horizon());
        }
        float[] mean = new float[horizon];
        // Sum each step's forecast over the selected neurons, then divide: the selection's mean trajectory.
        for (int i : selection) {
            ForecastBlock b = block(blocks, i);
            int local = i - b.firstNeuron();
            for (int s = 0; s < horizon; s++) {
                mean[s] += b.values()[s * b.neuronCount() + local];
            }
        }
        for (int s = 0; s < horizon; s++) {
            mean[s] /= selection.length;
        }
        return new Fan(forecaster, frame, mean);
    }

    private static ForecastBlock block(TreeMap<Integer, ForecastBlock> blocks, int neuron) {
        Map.Entry<Integer, ForecastBlock> e = blocks.floorEntry(neuron);
        return e == null || neuron >= e.getKey() + e.getValue().neuronCount() ? null : e.getValue();
    }
}
