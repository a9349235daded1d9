package org.zaploop.sim.model;

/**
 * A scalar distribution for initial values: constant {@code a}, uniform in [a, b), or normal
 * with mean a and standard deviation b.
 */
public record Distribution(Kind kind, double a, double b) {

    /** The family of the distribution. */
    public enum Kind { CONSTANT, UNIFORM, NORMAL }

    public Distribution {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        NeuronModel.finite("a", a);
        NeuronModel.finite("b", b);
        if (kind == Kind.UNIFORM && b < a) {
            throw new IllegalArgumentException("uniform needs a <= b, got [" + a + ", " + b + ")");
        }
        if (kind == Kind.NORMAL && b < 0) {
            throw new IllegalArgumentException("normal needs sd >= 0, got " + b);
        }
    }

    public static Distribution constant(double value) {
        return new Distribution(Kind.CONSTANT, value, 0);
    }

    public static Distribution uniform(double lo, double hi) {
        return new Distribution(Kind.UNIFORM, lo, hi);
    }

    public static Distribution normal(double mean, double sd) {
        return new Distribution(Kind.NORMAL, mean, sd);
    }
}
