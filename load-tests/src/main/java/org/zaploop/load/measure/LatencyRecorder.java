package org.zaploop.load.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * End-to-end latencies of one stream (e.g. acquisition → forecast read back). Any thread records; the sampler
 * closes an interval once a second, which adds a point to the timeline and the interval's values to the run's
 * histogram and to the current window's (a ramp step). Values above ten minutes are clamped to ten minutes.
 */
public final class LatencyRecorder {

    private static final long MAX_NS = TimeUnit.MINUTES.toNanos(10);

    private final String name;
    private final Recorder recorder = new Recorder(MAX_NS, 3);
    private final Histogram total = new Histogram(MAX_NS, 3);
    private final Histogram window = new Histogram(MAX_NS, 3);
    private final List<LatencyPoint> timeline = new ArrayList<>();
    private Histogram interval;

    public LatencyRecorder(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records one latency, ns (negative values — clocks a hair apart — count as 0). */
    public void record(long ns) {
        recorder.recordValue(Math.max(0, Math.min(ns, MAX_NS)));
    }

    /** Ends the current interval at {@code tSeconds}: returns its point, also kept in the timeline. */
    public synchronized LatencyPoint sample(double tSeconds) {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        window.add(interval);
        long n = interval.getTotalCount();
        LatencyPoint p = new LatencyPoint(tSeconds, n, n == 0 ? 0 : ms(interval.getValueAtPercentile(50)),
                n == 0 ? 0 : ms(interval.getValueAtPercentile(99)), n == 0 ? 0 : ms(interval.getMaxValue()));
        timeline.add(p);
        return p;
    }

    /** Forgets everything recorded so far (the warm-up). */
    public synchronized void reset() {
        recorder.reset();
        total.reset();
        window.reset();
        timeline.clear();
    }

    /** The values since the last call (or since the start): one ramp step's histogram. */
    public synchronized Histogram takeWindow() {
        Histogram h = window.copy();
        window.reset();
        return h;
    }

    /** A copy of every value sampled so far. */
    public synchronized Histogram total() {
        return total.copy();
    }

    public synchronized List<LatencyPoint> timeline() {
        return List.copyOf(timeline);
    }

    static double ms(long ns) {
        return Math.round(ns / 1e3) / 1e3;
    }
}
