package org.zaploop.controller;

import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency percentiles over the last minute (six 10 s slots), for a status line that says what the loop does now:
 * a histogram since start-up keeps the first seconds' JIT compilation and broker warm-up in its p99 for hours.
 * Recording is lock-free (HdrHistogram {@link Recorder}); reading is synchronised.
 */
public final class RecentLatency {

    static final int SLOTS = 6;
    static final long SLOT_NS = 10_000_000_000L;
    private static final long MAX_NS = 3_600_000_000_000L;

    private final Recorder recorder = new Recorder(3);
    private final Histogram[] slots = new Histogram[SLOTS];
    private final LongSupplier nanoTime;
    private long slotStartNs;
    private int current;
    private Histogram interval;

    public RecentLatency() {
        this(System::nanoTime);
    }

    RecentLatency(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Histogram(3);
        }
        slotStartNs = nanoTime.getAsLong();
    }

    public void recordNs(long ns) {
        if (ns >= 0) {
            recorder.recordValue(Math.min(ns, MAX_NS));
        }
    }

    /** {p50 ms, p99 ms, count} over the last 50–60 s; NaN percentiles when nothing was recorded in it. */
    public synchronized double[] snapshotMs() {
        interval = recorder.getIntervalHistogram(interval);
        long now = nanoTime.getAsLong();
        long elapsed = (now - slotStartNs) / SLOT_NS; // whole slots since the current one began
        for (long k = 0; k < Math.min(elapsed, SLOTS); k++) {
            current = (current + 1) % SLOTS;
            slots[current].reset();
        }
        slotStartNs += elapsed * SLOT_NS;
        slots[current].add(interval); // what came in since the last read counts in the newest slot
        Histogram sum = new Histogram(3);
        for (Histogram h : slots) {
            sum.add(h);
        }
        if (sum.getTotalCount() == 0) {
            return new double[] {Double.NaN, Double.NaN, 0};
        }
        return new double[] {sum.getValueAtPercentile(50) / 1e6, sum.getValueAtPercentile(99) / 1e6,
                sum.getTotalCount()};
    }
}
