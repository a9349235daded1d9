package org.zaploop.controller.safety;

/**
 * Names of the safety rules, as they appear in the {@code rule} field of {@code zl.audit} records and in the
 * {@code rule} tag of {@code zaploop.controller.refusals}. A bounded set: safe to use as a metric tag.
 */
public final class Rules {

    /** Operator stop (HTTP or CLI), latched until cleared. */
    public static final String MANUAL_STOP = "manual-stop";
    /** No COMMAND_ACK or HEARTBEAT from the rig for longer than {@code rigTimeoutMs}. */
    public static final String RIG_HEARTBEAT = "rig-heartbeat";
    /** An input the policy needs is older than its maximum age. */
    public static final String STALE_INPUT = "stale-input";
    /** Intensity above its maximum (clamped). */
    public static final String MAX_INTENSITY = "max-intensity";
    /** Velocity beyond its maximum magnitude (clamped). */
    public static final String MAX_VELOCITY = "max-velocity";
    /** Gain outside its range (clamped). */
    public static final String GAIN_RANGE = "gain-range";
    /** Pulse duration above its maximum (clamped). */
    public static final String MAX_PULSE = "max-pulse";
    /** Too many commands in the last second (refused). */
    public static final String MAX_RATE = "max-rate";
    /** A pulsed stimulation too soon after the previous one (refused). */
    public static final String REFRACTORY = "refractory";
    /** The controller is shutting down: the rig is put in its safe state rather than left to time out. */
    public static final String SHUTDOWN = "shutdown";
    /** Pulsed stimulation would exceed the duty cycle (refused). */
    public static final String DUTY_CYCLE = "duty-cycle";
    /** The operator changed the policy: the rig is put in its safe state until the new policy's first command. */
    public static final String POLICY_CHANGE = "policy-change";

    private Rules() {
    }

    /** Every rule, for meters registered up front (a quiet run then reports zeros instead of no series). */
    public static final java.util.List<String> ALL = java.util.List.of(MANUAL_STOP, RIG_HEARTBEAT, STALE_INPUT,
            MAX_INTENSITY, MAX_VELOCITY, GAIN_RANGE, MAX_PULSE, MAX_RATE, REFRACTORY, SHUTDOWN, DUTY_CYCLE,
            POLICY_CHANGE);
}
