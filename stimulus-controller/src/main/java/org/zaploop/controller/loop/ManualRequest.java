package org.zaploop.controller.loop;

import java.util.Map;
import org.zaploop.protocol.records.Stimulus;

/**
 * An operator's stimulus request ({@code zaploop stimulate}), before the safety envelope has seen it.
 *
 * @param stimulus  what to present
 * @param params    its numeric parameters, as asked (the envelope may clamp them)
 * @param condition ZAPBench condition index it stands for, or null
 * @param validMs   how long the command should stay valid, ms
 * @param operator  who asks and why, for the audit trail
 */
public record ManualRequest(Stimulus stimulus, Map<String, Double> params, Integer condition, long validMs,
                            String operator) {

    /** The longest validity a manual request may ask for: an hour. */
    public static final long MAX_VALID_MS = 3_600_000L;

    public ManualRequest {
        if (stimulus == null) {
            throw new IllegalArgumentException("a stimulus is required");
        }
        params = Map.copyOf(params == null ? Map.of() : params);
        for (Map.Entry<String, Double> e : params.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " must be a finite number");
            }
        }
        if (condition != null && (condition < 0 || condition > 8)) {
            throw new IllegalArgumentException("condition must be a ZAPBench condition index 0..8, not " + condition);
        }
        if (validMs < 1 || validMs > MAX_VALID_MS) {
            throw new IllegalArgumentException("validMs must be between 1 and " + MAX_VALID_MS + ", not " + validMs);
        }
        operator = operator == null || operator.isBlank() ? "operator" : operator.strip();
    }
}
