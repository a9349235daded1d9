package org.zaploop.processors.imaging.topology;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.zaploop.processors.imaging.CausalDff;
import org.zaploop.processors.imaging.FrameAssembler;
import org.zaploop.processors.imaging.NeuronFootprints;
import org.zaploop.processors.imaging.PatchRegistration;
import org.zaploop.processors.imaging.Registration;
import org.zaploop.processors.imaging.ShiftField;
import org.zaploop.processors.imaging.TraceExtractor;
import org.zaploop.protocol.records.Plane;

/**
 * The live imaging state of one session for one table version: extractor and frame assembler, causal ΔF/F,
 * registration (or null) and the shift in use (rigid, and per neuron once
 * piecewise-rigid registration has a reference). A cache of what {@link ImagingProcessor} can rebuild from its
 * stores. Reads and writes no topic or store.
 */
final class SessionImaging {

    /** Warp-and-remeasure passes of the piecewise-rigid field: two take its error to its floor on the virtual fish. */
    static final int PATCH_REFINEMENTS = 2;

    final NeuronFootprints table;
    final FrameAssembler assembler;
    final CausalDff dff;
    final Registration registration;
    final float[] dffOut;
    /** Registration max-projections of the open frames, by frame; and emptied ones for reuse. */
    final Map<Long, float[]> projections = new HashMap<>();
    final ArrayDeque<float[]> spareProjections = new ArrayDeque<>();
    /** Planes of frames not yet final, by frame (in frame order); released in z order (deterministic sums). */
    final TreeMap<Long, Pending> pending = new TreeMap<>();
    /**
     * The newest frame seen per z. The planes of one z come in frame order (one key, one partition), so a frame
     * whose plane z is missing while {@code newestFrameOfZ[z]} is later will never get it: it is final, partial.
     */
    final long[] newestFrameOfZ;
    float dx;
    float dy;
    /** Piecewise-rigid registration, made once the reference is complete (null when off or not yet). */
    PatchRegistration patches;
    ShiftField field;
    /** Each neuron's shift from the field in use (null while the registration is rigid only). */
    float[] neuronDx;
    float[] neuronDy;
    final int patchSize;

    /** The newest acquisition time among the session's planes received: how far the rig has got, as we read it. */
    long newestAcquisitionNs = Long.MIN_VALUE;
    /**
     * How long the processor has waited, ready, with no plane of this session coming in; and per z. Counted from
     * the processor's wall-clock ticks ({@link #idle}), each at most a few tick periods, so time the processor spent
     * unable to read (a long commit, a pause) is not counted as the rig's silence.
     */
    long quietMs;
    final long[] quietMsOfZ;
    /**
     * Whether each z has delivered a plane since this processor took the session on: a z that has not is not
     * stalled but not started (at a start or rebalance the tasks of the plane partitions begin reading seconds
     * apart); its frames wait, up to the frames-in-flight bound.
     */
    final boolean[] heardFromZ;
    /** Why each frame released incomplete stopped waiting, until its partial frame is logged. */
    final Map<Long, String> whyPartial = new HashMap<>();

    /**
     * Frames this session may hold open before the oldest is forced out partial: the configured bound, or as many
     * whole volumes as fit in the heap less {@value #HEAP_RESERVE_MB} MB (in a third of a smaller heap) if fewer
     * (16 ZAPBench volumes are 6.3 GB), at least 2. Not tighter: the plane partitions are read at uneven paces, and
     * at ZAPBench size a bound of 4 (a third of a 5.4 GB heap) cut a third of some frames' planes.
     */
    final int framesInFlight;

    /** Heap left for everything but held planes: the recent planes (up to 512 MB), Kafka's buffers, the science. */
    static final long HEAP_RESERVE_MB = 1536;

    static int framesInFlight(int configured, long volumeBytes, long heapBytes) {
        if (configured == Integer.MAX_VALUE) {
            return configured; // replaying: frames are never forced out
        }
        long room = Math.max(heapBytes / 3, heapBytes - (HEAP_RESERVE_MB << 20));
        return (int) Math.max(2, Math.min(configured, room / Math.max(1, volumeBytes)));
    }

    /** The planes of one frame received so far, and the acquisition time of the first to arrive. */
    static final class Pending {
        final Plane[] planes;
        /** Where each plane lies in zl.imaging.planes (what the open-planes store keeps). */
        final PlaneRef[] refs;
        final long firstAcquisitionNs;
        int count;

        Pending(int depth, long firstAcquisitionNs) {
            this.planes = new Plane[depth];
            this.refs = new PlaneRef[depth];
            this.firstAcquisitionNs = firstAcquisitionNs;
        }
    }

    /** @param registration one already under way (from online segmentation, same reference), or null for a new one */
    SessionImaging(NeuronFootprints table, ImagingConfig config, Registration registration) {
        this.table = table;
        // the processor hands a frame's planes over only once the frame is final, and finishes it at once
        this.assembler = new FrameAssembler(new TraceExtractor(table), Integer.MAX_VALUE, Long.MAX_VALUE);
        this.dff = new CausalDff(table.neurons(), config.dffWindow(), config.dffPercentile(),
                CausalDff.DEFAULT_SMOOTH_FRAMES);
        this.registration = registration != null ? registration : config.register() && table.width() / config.registerDownsample() >= 4
                && table.height() / config.registerDownsample() >= 4
                ? new Registration(table.width(), table.height(), config.registerDownsample(),
                config.referenceVolumes(), config.maxShift(), 1.0)
                : null;
        this.dffOut = new float[table.neurons()];
        this.patchSize = config.patchSize();
        this.newestFrameOfZ = new long[table.depth()];
        this.framesInFlight = framesInFlight(config.maxFramesInFlight(),
                2L * table.width() * table.height() * table.depth(), Runtime.getRuntime().maxMemory());
        this.quietMsOfZ = new long[table.depth()];
        this.heardFromZ = new boolean[table.depth()];
        java.util.Arrays.fill(newestFrameOfZ, -1);
    }

    /** Notes a plane received and kept. */
    void received(Plane p) {
        newestAcquisitionNs = Math.max(newestAcquisitionNs, p.acquisitionNs());
        heard(p.z());
    }

    /** Notes that the session sent something from plane {@code z} (kept or not: the rig is not silent). */
    void heard(int z) {
        quietMs = 0;
        if (z >= 0 && z < quietMsOfZ.length) {
            quietMsOfZ[z] = 0;
            heardFromZ[z] = true;
        }
    }

    /** Adds {@code stepMs} of waiting without a plane, to the session and to every z. */
    void idle(long stepMs) {
        quietMs += stepMs;
        for (int z = 0; z < quietMsOfZ.length; z++) {
            quietMsOfZ[z] += stepMs;
        }
    }

    /**
     * Why an incomplete frame has waited the timeout for its missing planes (null: it has not): either no plane of
     * the session at all has come for the timeout (the rig stopped mid-volume), or the rig has acquired for the
     * timeout since the frame's first plane and every missing plane's z, having delivered before, has delivered
     * nothing for the timeout (its stream stalled). A z that still delivers is behind, not lost: a processor working through a backlog, or
     * reading one plane partition ahead of another, waits for it (up to the frames-in-flight bound) instead of
     * taking its own pace for lost planes.
     */
    String waitedOut(Pending pd, long timeoutMs) {
        if (timeoutMs == Long.MAX_VALUE) {
            return null;
        }
        if (quietMs >= timeoutMs) {
            return "no plane of the session for " + quietMs + " ms";
        }
        long timeoutNs = timeoutMs >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : timeoutMs * 1_000_000;
        if (newestAcquisitionNs - pd.firstAcquisitionNs < timeoutNs) {
            return null;
        }
        long quiet = Long.MAX_VALUE;
        for (int z = 0; z < pd.planes.length; z++) {
            if (pd.planes[z] == null) {
                if (!heardFromZ[z]) {
                    return null;
                }
                quiet = Math.min(quiet, quietMsOfZ[z]);
                if (quiet < timeoutMs) {
                    return null;
                }
            }
        }
        return "planes acquired " + (newestAcquisitionNs - pd.firstAcquisitionNs) / 1_000_000
                + " ms after its first came in while its missing planes' streams sent nothing for " + quiet + " ms";
    }

    /** Whether every plane {@code pd} lacks belongs to a z that has already moved past {@code frame}. */
    boolean missingPlanesPassed(long frame, Pending pd) {
        for (int z = 0; z < pd.planes.length; z++) {
            if (pd.planes[z] == null && newestFrameOfZ[z] <= frame) {
                return false;
            }
        }
        return true;
    }

    /** Estimates the patch-wise field of a registered volume and samples it at every neuron (after the reference). */
    void refine(float[] projection, Registration.Shift rigid) {
        if (patchSize == 0 || registration.projectionWidth() < patchSize
                || registration.projectionHeight() < patchSize) {
            return;
        }
        if (patches == null) {
            patches = new PatchRegistration(registration.referenceProjection(), registration.projectionWidth(),
                    registration.projectionHeight(), registration.downsample(), patchSize, 3, PATCH_REFINEMENTS);
            field = patches.newField();
            neuronDx = new float[table.neurons()];
            neuronDy = new float[table.neurons()];
        }
        patches.estimate(projection, rigid.dx(), rigid.dy(), field);
        TraceExtractor ex = assembler.extractor();
        field.sample(ex.centroidX(), ex.centroidY(), neuronDx, neuronDy);
    }
}
