package org.zaploop.protocol.records;

import java.util.Map;

import org.zaploop.protocol.Names;

/**
 * A stimulus controller decision sent to the rig: what to present, with which parameters, during which
 * validity window. Travels on {@code zl.stimulus.commands}, key {@code session}, as JSON.
 *
 * <p>{@code seq} increases strictly per session, so a receiver drops duplicates (at-least-once delivery) and
 * anything older than what it already applied. A receiver ignores a command outside
 * {@code [validFromNs, validUntilNs)} and falls back to its safe state when no valid command is current.
 *
 * @param session       session id
 * @param seq           sequence number, strictly increasing per session, from 0
 * @param issuedNs      when the controller issued it, ns since the Unix epoch
 * @param acquisitionNs acquisition time of the newest input the decision used
 * @param validFromNs   start of the validity window (inclusive)
 * @param validUntilNs  end of the validity window (exclusive), after validFromNs
 * @param stimulus      what to present
 * @param params        stimulus parameters (e.g. intensity, velocity, gain, direction), finite only
 * @param policy        name of the policy that decided, {@link Names#PATTERN}
 * @param condition     ZAPBench condition index 0..8 this stimulus corresponds to, if any
 */
public record StimulusCommand(String session, long seq, long issuedNs, long acquisitionNs, long validFromNs,
                              long validUntilNs, Stimulus stimulus, Map<String, Double> params, String policy,
                              Integer condition) {

    public StimulusCommand {
        Names.requireSession(session);
        Check.atLeast("seq", seq, 0);
        Check.atLeast("issuedNs", issuedNs, 0);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.atLeast("validFromNs", validFromNs, 0);
        if (validUntilNs <= validFromNs) {
            throw new IllegalArgumentException("field 'validUntilNs' must be after validFromNs " + validFromNs
                    + ", got " + validUntilNs);
        }
        Check.notNull("stimulus", stimulus);
        params = Check.params("params", params == null ? Map.of() : params);
        Names.require("policy", policy);
        Check.condition("condition", condition);
    }

    /** True when the command may be applied at time {@code nowNs}. */
    public boolean isValidAt(long nowNs) {
        return nowNs >= validFromNs && nowNs < validUntilNs;
    }
}
