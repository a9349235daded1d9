package org.zaploop.protocol.records;

import java.util.Arrays;

import org.zaploop.protocol.Names;

/**
 * Realized forecast error of one forecaster, per horizon step, once the forecast frames have arrived. Travels on
 * {@code zl.forecast.scores}, key {@code session}, as JSON.
 *
 * @param session       session id
 * @param forecaster    forecaster name
 * @param condition     ZAPBench condition 0..8 the windows belong to, or -1 for all conditions
 * @param frame         newest frame scored
 * @param acquisitionNs acquisition time of {@code frame}
 * @param context       frames of context the forecaster used
 * @param maePerStep    mean absolute error of ΔF/F per horizon step (finite, >= 0; 1..1024 steps)
 * @param windows       forecast windows averaged so far
 */
public record ForecastScore(String session, String forecaster, int condition, long frame, long acquisitionNs,
                            int context, double[] maePerStep, long windows) {

    /** {@code condition} value meaning "all conditions". */
    public static final int ALL_CONDITIONS = -1;

    public ForecastScore {
        Names.requireSession(session);
        Names.require("forecaster", forecaster);
        Check.range("condition", condition, ALL_CONDITIONS, Limits.MAX_CONDITION);
        Check.atLeast("frame", frame, 0);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.range("context", context, 1, Limits.MAX_CONTEXT);
        Check.notNull("maePerStep", maePerStep);
        Check.range("maePerStep.length", maePerStep.length, 1, Limits.MAX_HORIZON);
        for (int i = 0; i < maePerStep.length; i++) {
            Check.finiteIn("maePerStep[" + i + "]", maePerStep[i], 0, Double.MAX_VALUE);
        }
        Check.atLeast("windows", windows, 0);
    }

    public int horizon() {
        return maePerStep.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastScore s && session.equals(s.session) && forecaster.equals(s.forecaster)
                && condition == s.condition && frame == s.frame && acquisitionNs == s.acquisitionNs
                && context == s.context && Arrays.equals(maePerStep, s.maePerStep) && windows == s.windows;
    }

    @Override
    public int hashCode() {
        int h = session.hashCode();
        h = 31 * h + forecaster.hashCode();
        h = 31 * h + condition;
        h = 31 * h + Long.hashCode(frame);
        return 31 * h + Arrays.hashCode(maePerStep);
    }

    @Override
    public String toString() {
        return "ForecastScore[session=" + session + ", forecaster=" + forecaster + ", condition=" + condition
                + ", frame=" + frame + ", acquisitionNs=" + acquisitionNs + ", context=" + context
                + ", maePerStep=" + Check.summary(maePerStep) + ", windows=" + windows + "]";
    }
}
