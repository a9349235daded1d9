package org.zaploop.processors.dsp;

/**
 * A streaming estimate of one quantile of a positive signal in O(1) memory (a multiplicative variant of the
 * "frugal" estimator of Ma, Muthukrishnan and Sandler, 2013): each observation above the estimate raises it by a
 * relative step {@code rate · q}, each one below lowers it by {@code rate · (1 − q)}, so it settles where a
 * fraction q of observations lie below. Robust to outliers (a burst moves it by at most one step per sample) and
 * adapts to slow drifts of the noise floor within about {@code 1 / rate} samples. Reads and writes no topic or
 * store.
 */
public final class RunningQuantile {

    private final double q;
    private final double rate;
    private double estimate;

    /**
     * @param q    the quantile, in (0, 1); 0.5 = median
     * @param rate relative step per observation, e.g. 1e-3
     */
    public RunningQuantile(double q, double rate) {
        if (!(q > 0 && q < 1) || !(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("need 0 < q < 1 and 0 < rate < 1, got " + q + ", " + rate);
        }
        this.q = q;
        this.rate = rate;
    }

    /** Whether the estimate has been seeded. */
    public boolean seeded() {
        return estimate > 0;
    }

    /** Sets the estimate (e.g. from an exact quantile of a warm-up batch, or a snapshot). */
    public void seed(double value) {
        estimate = value > 0 ? value : Double.MIN_NORMAL;
    }

    public void add(double x) {
        if (estimate <= 0) {
            seed(x);
        } else if (x > estimate) {
            estimate *= 1 + rate * q;
        } else if (x < estimate) {
            estimate *= 1 - rate * (1 - q);
        }
    }

    public double value() {
        return estimate;
    }
}
