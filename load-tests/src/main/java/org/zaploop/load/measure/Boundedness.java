package org.zaploop.load.measure;

import java.util.List;
import java.util.Locale;

/**
 * When a consumer group's lag counts as bounded over a window of samples (a steady run, or one step of a ramp):
 * <ol>
 *   <li>it does not grow: the least-squares slope of the lag over the window's second half (the first half is
 *       allowed to absorb the step's change of rate) is below {@code maxGrowth} of the input rate, i.e. the group
 *       falls behind by less than that fraction of what arrives; and</li>
 *   <li>it is small: the lag at the end of the window is below {@code maxLagSeconds} seconds of input.</li>
 * </ol>
 * The input rate is the growth of the end offsets of the group's partitions over the whole window, so the rule
 * needs no knowledge of the scenario. A window without input is bounded only if nothing is left unread. Fewer than
 * four samples cannot show a trend: such a window is not judged bounded.
 *
 * @param maxGrowth     largest accepted lag slope, as a fraction of the input rate (default 0.05)
 * @param maxLagSeconds largest accepted final lag, seconds of input (default 10)
 */
public record Boundedness(double maxGrowth, double maxLagSeconds) {

    public static final int MIN_SAMPLES = 4;

    public Boundedness {
        if (!(maxGrowth > 0) || !(maxLagSeconds > 0)) {
            throw new IllegalArgumentException("maxGrowth and maxLagSeconds must be > 0");
        }
    }

    public static Boundedness defaults() {
        return new Boundedness(0.05, 10);
    }

    /** Judges one group's samples (in time order) over a window. */
    public LagVerdict judge(List<LagSample> window) {
        if (window.size() < MIN_SAMPLES) {
            return new LagVerdict(false, 0, 0, 0, "only " + window.size() + " lag samples (need " + MIN_SAMPLES + ")");
        }
        LagSample first = window.get(0);
        LagSample last = window.get(window.size() - 1);
        double span = last.tSeconds() - first.tSeconds();
        double input = span > 0 ? (last.endOffsets() - first.endOffsets()) / span : 0;
        if (input <= 0) {
            boolean idle = last.lag() == 0;
            return new LagVerdict(idle, 0, 0, 0, idle ? "no input, nothing unread"
                    : "no input arrived but " + last.lag() + " records are still unread");
        }
        double slope = slope(window.subList(window.size() / 2, window.size()));
        double growth = slope / input;
        double lagSeconds = last.lag() / input;
        boolean growing = growth >= maxGrowth;
        boolean behind = lagSeconds >= maxLagSeconds;
        String reason = String.format(Locale.ROOT, "lag grows by %.1f%% of the input (limit %.1f%%), ends %.2f s "
                + "behind (limit %.1f s)", 100 * growth, 100 * maxGrowth, lagSeconds, maxLagSeconds);
        return new LagVerdict(!growing && !behind, input, growth, lagSeconds, reason);
    }

    /** Least-squares slope of lag against time, records per second (0 for fewer than two distinct times). */
    static double slope(List<LagSample> s) {
        double mt = 0;
        double ml = 0;
        for (LagSample x : s) {
            mt += x.tSeconds();
            ml += x.lag();
        }
        mt /= s.size();
        ml /= s.size();
        double num = 0;
        double den = 0;
        for (LagSample x : s) {
            num += (x.tSeconds() - mt) * (x.lag() - ml);
            den += (x.tSeconds() - mt) * (x.tSeconds() - mt);
        }
        return den == 0 ? 0 : num / den;
    }

    /** The samples of {@code all} inside [from, to] seconds. */
    public static List<LagSample> between(List<LagSample> all, double from, double to) {
        return all.stream().filter(s -> s.tSeconds() >= from && s.tSeconds() <= to).toList();
    }
}
