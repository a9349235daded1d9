package org.zaploop.protocol.records;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.zaploop.protocol.Names;

/**
 * Every stimulus controller decision, with the policy, its parameters and the exact input records it used,
 * so an experiment can be audited and replayed. Travels on {@code zl.audit}, key {@code session}, as JSON.
 *
 * <p>{@code policyParams} values are scalars: {@link String}, {@link Boolean}, {@link Long} (integers are
 * normalised to Long) or finite {@link Double}.
 *
 * @param session       session id
 * @param seq           decision sequence number per session
 * @param decidedNs     when the controller decided, ns since the Unix epoch
 * @param acquisitionNs acquisition time of the newest input used
 * @param policy        policy name
 * @param policyParams  policy parameters, scalars only (sorted, unmodifiable)
 * @param inputs        input records used (at most 1024)
 * @param decision      what was decided
 * @param rule          the safety rule that refused, required for {@link Decision#REFUSED}
 * @param reason        why, in words (at most 4096 chars)
 * @param command       the command issued (required for {@link Decision#ISSUED}), or proposed and refused
 */
public record AuditRecord(String session, long seq, long decidedNs, long acquisitionNs, String policy,
                          Map<String, Object> policyParams, List<InputRef> inputs, Decision decision, String rule,
                          String reason, StimulusCommand command) {

    public AuditRecord {
        Names.requireSession(session);
        Check.atLeast("seq", seq, 0);
        Check.atLeast("decidedNs", decidedNs, 0);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Names.require("policy", policy);
        policyParams = scalars(policyParams == null ? Map.of() : policyParams);
        Check.notNull("inputs", inputs);
        Check.range("inputs.size", inputs.size(), 0, Limits.MAX_AUDIT_INPUTS);
        inputs = List.copyOf(inputs);
        Check.notNull("decision", decision);
        Check.optText("rule", rule, Limits.MAX_TEXT_CHARS);
        Check.text("reason", reason, Limits.MAX_TEXT_CHARS);
        if (decision == Decision.ISSUED && command == null) {
            throw new IllegalArgumentException("field 'command' is required for ISSUED");
        }
        if (decision == Decision.REFUSED && rule == null) {
            throw new IllegalArgumentException("field 'rule' is required for REFUSED");
        }
        if (command != null && !command.session().equals(session)) {
            throw new IllegalArgumentException("field 'command' belongs to session " + command.session()
                    + ", not " + session);
        }
    }

    private static Map<String, Object> scalars(Map<String, ?> params) {
        if (params.size() > Limits.MAX_PARAMS) {
            throw new IllegalArgumentException("field 'policyParams' has " + params.size() + " entries, at most "
                    + Limits.MAX_PARAMS + " allowed");
        }
        TreeMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            Names.require("policyParams key", e.getKey());
            Object v = e.getValue();
            Object normal;
            if (v instanceof String s) {
                normal = Check.text("policyParams." + e.getKey(), s, Limits.MAX_TEXT_CHARS);
            } else if (v instanceof Boolean) {
                normal = v;
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                normal = ((Number) v).longValue();
            } else if (v instanceof Double || v instanceof Float) {
                normal = Check.finite("policyParams." + e.getKey(), ((Number) v).doubleValue());
            } else {
                throw new IllegalArgumentException("field 'policyParams' value of " + Names.show(e.getKey())
                        + " must be a string, boolean, integer or finite number, got "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
            copy.put(e.getKey(), normal);
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
