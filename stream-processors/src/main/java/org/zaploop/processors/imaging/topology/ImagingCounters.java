package org.zaploop.processors.imaging.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the imaging topology, shared by its processor instances (thread-safe); the runner reports them in
 * its status. Reads and writes no topic or store.
 */
public final class ImagingCounters {
    public final AtomicLong planes = new AtomicLong();
    public final AtomicLong segmentationBlocks = new AtomicLong();
    public final AtomicLong tables = new AtomicLong();
    public final AtomicLong frames = new AtomicLong();
    public final AtomicLong partialFrames = new AtomicLong();
    public final AtomicLong traceBlocks = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();
    /** Wall-clock time spent extracting planes and finishing frames, ns. */
    public final AtomicLong processNs = new AtomicLong();
    /** Newest registration shift, in thousandths of a voxel (x, y). */
    public final AtomicLong shiftXMilli = new AtomicLong();
    public final AtomicLong shiftYMilli = new AtomicLong();

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("planes", planes.get());
        m.put("segmentationBlocks", segmentationBlocks.get());
        m.put("tables", tables.get());
        m.put("frames", frames.get());
        m.put("partialFrames", partialFrames.get());
        m.put("traceBlocks", traceBlocks.get());
        m.put("rejected", rejected.get());
        long p = planes.get();
        m.put("meanPlaneUs", p == 0 ? 0.0 : processNs.get() / 1e3 / p);
        m.put("shiftX", shiftXMilli.get() / 1e3);
        m.put("shiftY", shiftYMilli.get() / 1e3);
        return m;
    }
}
