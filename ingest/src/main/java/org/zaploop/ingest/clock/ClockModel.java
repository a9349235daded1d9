package org.zaploop.ingest.clock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Offset and drift of one rig clock against the ZapLoop clock, from ping/pong samples, as Lab Streaming Layer
 * does it: keep the recent samples, trust the ones with the shortest round trips (their error is at most half
 * the round trip, and a short round trip leaves little room for an asymmetric delay), and fit a line
 * {@code offset(t) = a + b·(t − ref)} over ZapLoop time robustly:
 * <ol>
 *   <li>keep the samples whose round trip is at most the {@code lowRttFraction} quantile of the window;</li>
 *   <li>drift {@code b}: Theil–Sen, the median slope over all pairs of kept samples at least
 *       {@code minPairSpanNs} apart (0 while no pair is that far apart, e.g. right after the quick pings at
 *       connect);</li>
 *   <li>offset {@code a} at {@code ref} = the newest kept sample: the median of {@code offset_i − b·(t_i − ref)}.</li>
 * </ol>
 * A drift beyond {@link #MAX_PLAUSIBLE_DRIFT} is not believed (offset only). Medians make one delayed pong
 * (a GC pause, a busy event loop) harmless. Plain Java: no Vert.x, no Kafka. Not
 * thread-safe: one owner adds samples; {@link #fit()} returns an immutable snapshot any thread may use.
 */
public final class ClockModel {

    /** Samples kept: at one ping every 2 s, four minutes. */
    public static final int DEFAULT_CAPACITY = 128;
    public static final double DEFAULT_LOW_RTT_FRACTION = 0.5;
    public static final long DEFAULT_MIN_PAIR_SPAN_NS = 1_000_000_000L;
    /**
     * Crystal oscillators drift by tens of ppm; a fitted drift beyond this means the samples are garbage (pongs
     * stuck behind a paused socket) and the fit falls back to offset only.
     */
    public static final double MAX_PLAUSIBLE_DRIFT = 1000e-6;

    private final int capacity;
    private final double lowRttFraction;
    private final long minPairSpanNs;
    private final ArrayDeque<ClockSample> window = new ArrayDeque<>();
    private volatile ClockFit fit;

    public ClockModel() {
        this(DEFAULT_CAPACITY, DEFAULT_LOW_RTT_FRACTION, DEFAULT_MIN_PAIR_SPAN_NS);
    }

    /**
     * @param capacity       samples kept (the oldest go first), ≥ 1
     * @param lowRttFraction fraction of the window, by shortest round trip, that the fit uses, in (0, 1]
     * @param minPairSpanNs  shortest time between two samples whose slope counts towards the drift, > 0
     */
    public ClockModel(int capacity, double lowRttFraction, long minPairSpanNs) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        if (!(lowRttFraction > 0 && lowRttFraction <= 1)) {
            throw new IllegalArgumentException("lowRttFraction must be in (0, 1], got " + lowRttFraction);
        }
        if (minPairSpanNs <= 0) {
            throw new IllegalArgumentException("minPairSpanNs must be positive, got " + minPairSpanNs);
        }
        this.capacity = capacity;
        this.lowRttFraction = lowRttFraction;
        this.minPairSpanNs = minPairSpanNs;
    }

    /** Adds a ping/pong exchange and refits; returns the new fit. */
    public ClockFit add(long t0Ns, long rigNs, long t1Ns) {
        return add(new ClockSample(t0Ns, rigNs, t1Ns));
    }

    public ClockFit add(ClockSample sample) {
        window.addLast(sample);
        while (window.size() > capacity) {
            window.removeFirst();
        }
        fit = refit();
        return fit;
    }

    /** The current fit, or null before the first sample. */
    public ClockFit fit() {
        return fit;
    }

    public int size() {
        return window.size();
    }

    private ClockFit refit() {
        List<ClockSample> kept = lowestRtt();
        long ref = kept.get(0).midNs();
        for (ClockSample s : kept) {
            ref = Math.max(ref, s.midNs());
        }
        double slope = theilSenSlope(kept);
        double[] intercepts = new double[kept.size()];
        long minRtt = Long.MAX_VALUE;
        for (int i = 0; i < kept.size(); i++) {
            ClockSample s = kept.get(i);
            intercepts[i] = s.offsetNs() - slope * (s.midNs() - ref);
            minRtt = Math.min(minRtt, s.rttNs());
        }
        return new ClockFit(ref, Math.round(median(intercepts)), slope * 1e6, minRtt, kept.size());
    }

    private List<ClockSample> lowestRtt() {
        long[] rtts = new long[window.size()];
        int i = 0;
        for (ClockSample s : window) {
            rtts[i++] = s.rttNs();
        }
        Arrays.sort(rtts);
        int keep = Math.max(1, (int) Math.ceil(lowRttFraction * rtts.length));
        long limit = rtts[keep - 1];
        List<ClockSample> kept = new ArrayList<>(keep);
        for (ClockSample s : window) {
            if (s.rttNs() <= limit) {
                kept.add(s);
            }
        }
        return kept;
    }

    private double theilSenSlope(List<ClockSample> kept) {
        int n = kept.size();
        double[] slopes = new double[n * (n - 1) / 2];
        int count = 0;
        for (int i = 0; i < n; i++) {
            ClockSample a = kept.get(i);
            for (int j = i + 1; j < n; j++) {
                ClockSample b = kept.get(j);
                long dt = b.midNs() - a.midNs();
                if (Math.abs(dt) >= minPairSpanNs) {
                    slopes[count++] = (double) (b.offsetNs() - a.offsetNs()) / dt;
                }
            }
        }
        if (count == 0) {
            return 0.0;
        }
        double slope = median(Arrays.copyOf(slopes, count));
        return Math.abs(slope) <= MAX_PLAUSIBLE_DRIFT ? slope : 0.0;
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
