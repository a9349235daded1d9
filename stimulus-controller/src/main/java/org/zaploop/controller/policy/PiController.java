package org.zaploop.controller.policy;

/**
 * A discrete PI controller with output limits and anti-windup: the integral does not grow while the output is
 * saturated in the direction of the error (conditional integration), and {@link #track} pulls it back when the
 * actuator delivered less than asked (the safety envelope clamped or refused). Pure maths; reads and writes no
 * topic.
 */
public final class PiController {

    private final double kp;
    private final double ki;
    private final double uMin;
    private final double uMax;
    private double integral;
    private double lastIncrement;

    /**
     * @param kp   proportional gain (output per unit error)
     * @param ki   integral gain (output per unit error per second)
     * @param uMin lowest output
     * @param uMax highest output
     */
    public PiController(double kp, double ki, double uMin, double uMax) {
        if (!(uMax > uMin) || kp < 0 || ki < 0) {
            throw new IllegalArgumentException("PI: need kp, ki >= 0 and uMax > uMin");
        }
        this.kp = kp;
        this.ki = ki;
        this.uMin = uMin;
        this.uMax = uMax;
    }

    /** The output for this error after {@code dtS} seconds. */
    public double update(double error, double dtS) {
        double inc = ki * error * dtS;
        double unsat = kp * error + integral + inc;
        boolean windingUp = (unsat > uMax && error > 0) || (unsat < uMin && error < 0);
        lastIncrement = windingUp ? 0 : inc;
        integral += lastIncrement;
        return Math.max(uMin, Math.min(uMax, kp * error + integral));
    }

    /**
     * The actuator delivered {@code delivered} (NaN: nothing) instead of what the last {@link #update} asked:
     * undo that step's integration if nothing went out, and keep the integral from exceeding what the actuator
     * can deliver.
     */
    public void track(double error, double delivered) {
        if (Double.isNaN(delivered)) {
            integral -= lastIncrement;
            lastIncrement = 0;
            return;
        }
        double asked = Math.max(uMin, Math.min(uMax, kp * error + integral));
        if (delivered < asked && error > 0) {
            integral = Math.min(integral, delivered - kp * error);
        } else if (delivered > asked && error < 0) {
            integral = Math.max(integral, delivered - kp * error);
        }
    }

    public double integral() {
        return integral;
    }

    public void reset() {
        integral = 0;
        lastIncrement = 0;
    }
}
