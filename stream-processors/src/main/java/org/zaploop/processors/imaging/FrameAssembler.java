package org.zaploop.processors.imaging;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers the z-planes of each frame (volume) of one session into raw F per neuron, and hands frames out in frame
 * order: a frame is complete when all its planes arrived, or — never waited on forever — when its first plane is
 * older than the timeout (wall clock), or when more than {@code maxInFlight} frames are open (the oldest gives
 * way); those are marked partial. Raw F of a neuron is the weighted mean over the footprint voxels seen; a neuron
 * none of whose voxels was seen (its planes missing) keeps its previous raw F (0 before any).
 *
 * <p>Planes are extracted as they arrive ({@link TraceExtractor}): only per-neuron sums are held per open frame,
 * never pixels. A plane of a frame already handed out is {@link Arrival#LATE_FRAME}, a plane received twice
 * {@link Arrival#DUPLICATE_PLANE}; both are left out. Reads and writes no topic or store; not thread-safe.
 */
public final class FrameAssembler {

    /** What became of an offered plane. */
    public enum Arrival { ACCEPTED, DUPLICATE_PLANE, LATE_FRAME, BAD_PLANE }

    /**
     * A finished frame.
     *
     * @param raw raw F per neuron (a fresh array the receiver owns)
     */
    public record Frame(long frame, boolean partial, int planesReceived, long firstAcquisitionNs,
                        long newestAcquisitionNs, float[] raw) {
    }

    private final TraceExtractor extractor;
    private final int maxInFlight;
    private final long timeoutMs;
    private final TreeMap<Long, Open> open = new TreeMap<>();
    private final ArrayDeque<Open> pool = new ArrayDeque<>();
    private final float[] lastRaw;
    private long lastEmitted = -1;

    public FrameAssembler(TraceExtractor extractor, int maxInFlight, long timeoutMs) {
        if (maxInFlight < 1 || timeoutMs < 0) {
            throw new IllegalArgumentException("need maxInFlight >= 1 and timeoutMs >= 0");
        }
        this.extractor = extractor;
        this.maxInFlight = maxInFlight;
        this.timeoutMs = timeoutMs;
        this.lastRaw = new float[extractor.neurons()];
    }

    public TraceExtractor extractor() {
        return extractor;
    }

    /** The newest frame handed out, or −1. */
    public long lastEmitted() {
        return lastEmitted;
    }

    /** Frames open now. */
    public int inFlight() {
        return open.size();
    }

    /** Continues after frame {@code frame} (e.g. after a restart): planes of it and earlier frames are late. */
    public void resumeAfter(long frame, float[] raw) {
        lastEmitted = frame;
        if (raw != null && raw.length == lastRaw.length) {
            System.arraycopy(raw, 0, lastRaw, 0, raw.length);
        }
    }

    /** Whether {@link #offer} would accept plane z of {@code frame} now (not late, not a duplicate, z in range). */
    public boolean wouldAccept(long frame, int z) {
        if (z < 0 || z >= extractor.depth() || frame <= lastEmitted) {
            return false;
        }
        Open f = open.get(frame);
        return f == null || !f.got[z];
    }

    /**
     * Offers plane {@code z} of {@code frame}, shifted by (dx, dy, dz) ({@link TraceExtractor}), arrived at wall
     * time {@code nowMs}; appends every frame this finishes to {@code out}, in frame order.
     */
    public Arrival offer(long frame, int z, long acquisitionNs, short[] pixels, float dx, float dy, int dz,
                         long nowMs, List<Frame> out) {
        return offer(frame, z, acquisitionNs, pixels, null, null, dx, dy, dz, nowMs, out);
    }

    /**
     * As {@link #offer(long, int, long, short[], float, float, int, long, List)}, each neuron n shifted by
     * (ndx[n], ndy[n]) (piecewise-rigid registration).
     */
    public Arrival offer(long frame, int z, long acquisitionNs, short[] pixels, float[] ndx, float[] ndy, int dz,
                         long nowMs, List<Frame> out) {
        return offer(frame, z, acquisitionNs, pixels, ndx, ndy, 0f, 0f, dz, nowMs, out);
    }

    private Arrival offer(long frame, int z, long acquisitionNs, short[] pixels, float[] ndx, float[] ndy, float dx,
                          float dy, int dz, long nowMs, List<Frame> out) {
        if (z < 0 || z >= extractor.depth() || pixels.length != extractor.width() * extractor.height()) {
            return Arrival.BAD_PLANE;
        }
        if (frame <= lastEmitted) {
            return Arrival.LATE_FRAME;
        }
        Open f = open.get(frame);
        if (f == null) {
            f = pool.isEmpty() ? new Open(extractor.neurons(), extractor.depth()) : pool.pop();
            f.start(frame, nowMs);
            open.put(frame, f);
        } else if (f.got[z]) {
            return Arrival.DUPLICATE_PLANE;
        }
        f.got[z] = true;
        f.planes++;
        f.firstNs = Math.min(f.firstNs, acquisitionNs);
        f.newestNs = Math.max(f.newestNs, acquisitionNs);
        if (ndx != null) {
            extractor.accumulate(z, pixels, ndx, ndy, dz, f.sum, f.wsum);
        } else {
            extractor.accumulate(z, pixels, dx, dy, dz, f.sum, f.wsum);
        }
        drain(nowMs, out);
        return Arrival.ACCEPTED;
    }

    /** Finishes every open frame up to and including {@code frame} now, the incomplete ones partial. */
    public void finishThrough(long frame, List<Frame> out) {
        while (!open.isEmpty() && open.firstKey() <= frame) {
            Open f = open.pollFirstEntry().getValue();
            out.add(finish(f, f.planes != extractor.depth()));
        }
    }

    /** Finishes (partial) every frame whose first plane arrived at least the timeout before {@code nowMs}. */
    public void expire(long nowMs, List<Frame> out) {
        drain(nowMs, out);
    }

    private void drain(long nowMs, List<Frame> out) {
        while (!open.isEmpty()) {
            Map.Entry<Long, Open> e = open.firstEntry();
            Open f = e.getValue();
            boolean complete = f.planes == extractor.depth();
            boolean due = complete || open.size() > maxInFlight || nowMs - f.startedMs >= timeoutMs;
            if (!due) {
                return;
            }
            open.pollFirstEntry();
            out.add(finish(f, !complete));
        }
    }

    private Frame finish(Open f, boolean partial) {
        float[] raw = new float[lastRaw.length];
        // per neuron: raw F = Σ w·F / Σ w over the voxels seen, else the previous value
        for (int i = 0; i < raw.length; i++) {
            raw[i] = f.wsum[i] > 0 ? (float) (f.sum[i] / f.wsum[i]) : lastRaw[i];
        }
        System.arraycopy(raw, 0, lastRaw, 0, raw.length);
        lastEmitted = f.frame;
        Frame done = new Frame(f.frame, partial, f.planes, f.firstNs, f.newestNs, raw);
        pool.push(f);
        return done;
    }

    private static final class Open {
        final double[] sum;
        final double[] wsum;
        final boolean[] got;
        long frame;
        long startedMs;
        int planes;
        long firstNs;
        long newestNs;

        Open(int neurons, int depth) {
            sum = new double[neurons];
            wsum = new double[neurons];
            got = new boolean[depth];
        }

        void start(long frame, long nowMs) {
            this.frame = frame;
            this.startedMs = nowMs;
            planes = 0;
            firstNs = Long.MAX_VALUE;
            newestNs = Long.MIN_VALUE;
            Arrays.fill(sum, 0);
            Arrays.fill(wsum, 0);
            Arrays.fill(got, false);
        }
    }
}
