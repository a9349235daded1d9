package org.zaploop.load.measure;

import java.util.List;
import java.util.Locale;

/**
 * When a consumer group's lag counts as bounded over a window of samples (a steady run, or one step of a ramp).
 * The window's first half may absorb a change of rate; its second half is split in two, and the lag's floor (the
 * smallest sample) of each quarter is taken: a consumer that keeps up comes back down between bursts and commits,
 * so its floor stays put, while one that falls behind has a rising floor. Bounded:
 * <ol>
 *   <li>it does not grow: the floor rises from the third to the fourth quarter by less than {@code maxGrowth} of
 *       the input arriving in between, i.e. the group falls behind by less than that fraction of what arrives;
 *       and</li>
 *   <li>it is small: the last quarter's floor is below {@code maxLagSeconds} seconds of input.</li>
 * </ol>
 * Floors rather than single samples or a fitted slope, because lag is sampled from committed offsets: bursty input
 * (a frame's blocks at once) and periodic commits make single samples saw-tooth even when nothing is behind. The
 * input rate is the growth of the end offsets of the group's partitions over the whole window, so the rule needs no
 * knowledge of the scenario. A window without input is bounded only if nothing is left unread. Fewer than four
 * samples cannot show a trend: such a window is not judged bounded.
 *
 * @param maxGrowth     largest accepted rise of the floor, as a fraction of the input (default 0.05)
 * @param maxLagSeconds largest accepted final floor, seconds of input (default 10)
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
        List<LagSample> q3 = window.subList(window.size() / 2, window.size() * 3 / 4);
        List<LagSample> q4 = window.subList(window.size() * 3 / 4, window.size());
        LagSample f3 = floor(q3);
        LagSample f4 = floor(q4);
        double dt = mid(q4) - mid(q3);
        double growth = dt > 0 ? (f4.lag() - f3.lag()) / (dt * input) : 0;
        double lagSeconds = f4.lag() / input;
        boolean growing = growth >= maxGrowth;
        boolean behind = lagSeconds >= maxLagSeconds;
        String reason = String.format(Locale.ROOT, "lag floor grows by %.1f%% of the input (limit %.1f%%), ends "
                + "%.2f s behind (limit %.1f s)", 100 * growth, 100 * maxGrowth, lagSeconds, maxLagSeconds);
        return new LagVerdict(!growing && !behind, input, growth, lagSeconds, reason);
    }

    /** The sample with the smallest lag. */
    private static LagSample floor(List<LagSample> s) {
        LagSample min = s.get(0);
        for (LagSample x : s) {
            if (x.lag() < min.lag()) {
                min = x;
            }
        }
        return min;
    }

    /** Middle of the samples' time span. */
    private static double mid(List<LagSample> s) {
        return (s.get(0).tSeconds() + s.get(s.size() - 1).tSeconds()) / 2;
    }

    /** The samples of {@code all} inside [from, to] seconds. */
    public static List<LagSample> between(List<LagSample> all, double from, double to) {
        return all.stream().filter(s -> s.tSeconds() >= from && s.tSeconds() <= to).toList();
    }
}
