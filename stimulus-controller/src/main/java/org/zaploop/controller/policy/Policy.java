package org.zaploop.controller.policy;

import java.util.Map;
import java.util.Set;
import org.zaploop.controller.safety.InputKind;

/**
 * A closed-loop (or open-loop) stimulus policy over plain inputs: behaviour, trace blocks, forecasts, clock ticks.
 * It proposes; the safety envelope and the decision loop dispose. Implementations are pure Java (no Kafka),
 * deterministic given their inputs and seed, and called from one thread. Reads and writes no topic.
 */
public interface Policy {

    /** The policy's name, as it appears on commands and audit records ({@code [A-Za-z0-9_.-]{1,64}}). */
    String name();

    /** Its effective parameters, for the audit trail: at most 64 scalars (String, Boolean, Long, Double). */
    Map<String, Object> params();

    /** The inputs it rests on; the staleness guard watches these. Empty for an open-loop policy. */
    Set<InputKind> needs();

    /** How often its inputs arrive, ms; a command's validity window is twice this (at least 200 ms). */
    long inputPeriodMs();

    /**
     * What to present now, given one more input, or null to say nothing (the last command stands until its
     * window ends).
     */
    Proposal decide(PolicyInput input);

    /**
     * What became of a proposal: issued (possibly clamped: {@code sent} holds the parameters that went out) or not
     * ({@code sent} null). Policies that learn from what they did (PI anti-windup, stimulus search) listen here.
     */
    default void outcome(Proposal proposal, Map<String, Double> sent, long nowNs) {
    }
}
