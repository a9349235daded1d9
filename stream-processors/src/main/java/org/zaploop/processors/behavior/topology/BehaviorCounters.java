package org.zaploop.processors.behavior.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the behaviour topology, shared by its processor instances (thread-safe). The runner reports them
 * in its status; a metrics binder can read them as gauges/counters. Reads and writes no topic or store.
 */
public final class BehaviorCounters {
    public final AtomicLong blocks = new AtomicLong();
    public final AtomicLong published = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong overlaps = new AtomicLong();
    public final AtomicLong gaps = new AtomicLong();
    public final AtomicLong missingSamples = new AtomicLong();
    public final AtomicLong skippedLayout = new AtomicLong();
    public final AtomicLong bouts = new AtomicLong();
    /** Wall-clock time spent in the detector, ns (for the mean processing time per block). */
    public final AtomicLong processNs = new AtomicLong();

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blocks", blocks.get());
        m.put("published", published.get());
        m.put("duplicates", duplicates.get());
        m.put("overlaps", overlaps.get());
        m.put("gaps", gaps.get());
        m.put("missingSamples", missingSamples.get());
        m.put("skippedLayout", skippedLayout.get());
        m.put("bouts", bouts.get());
        long b = blocks.get();
        m.put("meanProcessUs", b == 0 ? 0.0 : processNs.get() / 1e3 / b);
        return m;
    }
}
