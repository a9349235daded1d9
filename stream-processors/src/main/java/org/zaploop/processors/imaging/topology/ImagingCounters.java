package org.zaploop.processors.imaging.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.zaploop.processors.streams.StreamsRunner;

/**
 * Counters of the imaging topology, shared by its processor instances (thread-safe); the runner reports them in
 * its status. Reads and writes no topic or store.
 */
public final class ImagingCounters {

    /** Why a record went to the dead-letter topic: a small fixed set, so it can be a metric tag. */
    public enum Rejection {
        NO_SEGMENTATION("no-segmentation"), PLANE_SHAPE("plane-shape"), TILED_PLANE("tiled-plane"),
        DUPLICATE_PLANE("duplicate-plane"), LATE_PLANE("late-plane"), BAD_PLANE("bad-plane"),
        STALE_SEGMENTATION("stale-segmentation"), INCONSISTENT_SEGMENTATION("inconsistent-segmentation"),
        PLANE_UNAVAILABLE("plane-unavailable");

        final String label;

        Rejection(String label) {
            this.label = label;
        }
    }

    public final AtomicLong planes = new AtomicLong();
    /**
     * Planes the gathering task read back from zl.imaging.planes because this instance had not just decoded them
     * (after a restart, or decoded by another instance).
     */
    public final AtomicLong planesReadBack = new AtomicLong();
    /** Age of each frame's newest plane when the frame's trace blocks go out. */
    public final org.zaploop.processors.streams.StageLatency traceLatency = new org.zaploop.processors.streams.StageLatency();
    public final AtomicLong segmentationBlocks = new AtomicLong();
    public final AtomicLong tables = new AtomicLong();
    /** Online segmentations run (nuclei detected and a table published). */
    public final AtomicLong detections = new AtomicLong();
    /** Re-segmentation requests taken ({@code RESEGMENT} on {@code zl.rig.events} for a session with a table). */
    public final AtomicLong resegmentRequests = new AtomicLong();
    /** Rig events the imaging processor could not decode while looking for requests (skipped, not dead-lettered). */
    public final AtomicLong malformedRigEvents = new AtomicLong();
    public final AtomicLong frames = new AtomicLong();
    public final AtomicLong partialFrames = new AtomicLong();
    /** Sessions retired after a long time without a plane (their ΔF/F window and registration freed). */
    public final AtomicLong retiredSessions = new AtomicLong();
    public final AtomicLong traceBlocks = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();
    /** Dead letters by reason, indexed by {@link Rejection#ordinal()}. */
    public final AtomicLongArray rejectedBy = new AtomicLongArray(Rejection.values().length);
    /** Neurons of the newest table in use (a level). */
    public final AtomicLong neurons = new AtomicLong();
    /** Wall-clock time spent extracting planes and finishing frames, ns. */
    public final AtomicLong processNs = new AtomicLong();
    /** Newest registration shift, in thousandths of a voxel (x, y). */
    public final AtomicLong shiftXMilli = new AtomicLong();
    public final AtomicLong shiftYMilli = new AtomicLong();

    /** Told every registered volume's rigid shift (session, frame, dx, dy in voxels); for benchmarks. */
    @FunctionalInterface
    public interface ShiftObserver {
        void shift(String session, long frame, float dx, float dy);
    }

    private volatile ShiftObserver shiftObserver = (s, f, x, y) -> { };

    public void observeShifts(ShiftObserver o) {
        shiftObserver = o;
    }

    void shift(String session, long frame, float dx, float dy) {
        shiftXMilli.set(Math.round(dx * 1e3));
        shiftYMilli.set(Math.round(dy * 1e3));
        shiftObserver.shift(session, frame, dx, dy);
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("planes", planes.get());
        m.put("planesReadBack", planesReadBack.get());
        m.put("segmentationBlocks", segmentationBlocks.get());
        m.put("tables", tables.get());
        m.put("detections", detections.get());
        m.put("resegmentRequests", resegmentRequests.get());
        m.put("malformedRigEvents", malformedRigEvents.get());
        m.put("frames", frames.get());
        m.put("partialFrames", partialFrames.get());
        m.put("retiredSessions", retiredSessions.get());
        m.put("traceBlocks", traceBlocks.get());
        m.put("rejected", rejected.get());
        for (Rejection r : Rejection.values()) {
            m.put(StreamsRunner.DEAD_LETTERS + r.label, rejectedBy.get(r.ordinal()));
        }
        m.put("neurons", neurons.get());
        long p = planes.get();
        m.put("meanPlaneUs", p == 0 ? 0.0 : processNs.get() / 1e3 / p);
        m.put("shiftX", shiftXMilli.get() / 1e3);
        m.put("shiftY", shiftYMilli.get() / 1e3);
        return m;
    }
}
