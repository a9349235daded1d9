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

    /** The planes of one frame received so far, and the wall time its first arrived. */
    static final class Pending {
        final Plane[] planes;
        final long firstMs;
        int count;

        Pending(int depth, long firstMs) {
            this.planes = new Plane[depth];
            this.firstMs = firstMs;
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
        java.util.Arrays.fill(newestFrameOfZ, -1);
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
