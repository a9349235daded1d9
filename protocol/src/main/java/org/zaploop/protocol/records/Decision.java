package org.zaploop.protocol.records;

/** What the stimulus controller decided, as recorded in an {@link AuditRecord} on {@code zl.audit}. */
public enum Decision {
    /** A command was issued ({@code command} set). */
    ISSUED,
    /** A safety rule refused the policy's proposal ({@code rule} set; {@code command} may show the proposal). */
    REFUSED,
    /** The controller fell back to the safe state (stale inputs, lost rig, refusal). */
    SAFE_STATE
}
