package org.zaploop.controller.safety;

/**
 * Why the safety envelope said no: the rule (one of {@link Rules}) and a plain reason for the audit trail.
 *
 * @param rule   rule name, a bounded set
 * @param reason what happened, in words
 */
public record Refusal(String rule, String reason) {
}
