package org.zaploop.protocol.records;

/** The stimulus a {@link StimulusCommand} asks the rig (or the virtual fish) to present. */
public enum Stimulus {
    OFF,
    /** Whole-field flash; params e.g. intensity. */
    FLASH,
    /** Moving grating (optomotor); params e.g. velocity, gain, direction. */
    GRATING,
    /** Rotating pattern (optokinetic); params e.g. velocity, direction. */
    ROTATION,
    /** Moving dots (prey-like). */
    DOTS,
    DARK,
    /** Half-field light (phototaxis). */
    PHOTOTAXIS,
    /** Targeted photostimulation (laser); the safety envelope guards it. */
    PHOTOSTIM,
    /** The safe state the controller falls back to when inputs are late or a rule refuses. */
    SAFE_STATE
}
