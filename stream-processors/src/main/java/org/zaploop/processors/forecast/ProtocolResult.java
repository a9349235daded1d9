package org.zaploop.processors.forecast;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MAE of one forecaster under the protocol: per condition index, the H-vector of MAE per steps ahead (mean
 * |target − forecast| over all neurons, then over the condition's windows) and the window count; the mean over
 * the trained-on conditions and, separately, over the held-out one.
 */
public record ProtocolResult(String forecaster, int context, Map<Integer, double[]> maePerCondition,
                             Map<Integer, Integer> windowsPerCondition, int heldOut) {

    public ProtocolResult {
        maePerCondition = new LinkedHashMap<>(maePerCondition);
        windowsPerCondition = new LinkedHashMap<>(windowsPerCondition);
    }

    /** Mean over the conditions with windows, excluding the held-out one (per step). */
    public double[] meanOverConditions() {
        double[] out = null;
        int n = 0;
        for (Map.Entry<Integer, double[]> e : maePerCondition.entrySet()) {
            if (e.getKey() == heldOut || windowsPerCondition.getOrDefault(e.getKey(), 0) == 0) {
                continue;
            }
            if (out == null) {
                out = new double[e.getValue().length];
            }
            for (int h = 0; h < out.length; h++) {
                out[h] += e.getValue()[h];
            }
            n++;
        }
        if (out == null) {
            return new double[0];
        }
        for (int h = 0; h < out.length; h++) {
            out[h] /= n;
        }
        return out;
    }
}
