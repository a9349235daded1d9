package org.zaploop.processors.imaging.topology;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import org.zaploop.processors.imaging.CausalDff;
import org.zaploop.processors.imaging.FrameAssembler;
import org.zaploop.processors.imaging.NeuronFootprints;
import org.zaploop.processors.imaging.Registration;
import org.zaploop.processors.imaging.TraceExtractor;

/**
 * The live imaging state of one session for one table version: extractor and frame assembler, causal ΔF/F,
 * registration (or null) and the shift in use. A cache of what {@link ImagingProcessor} can rebuild from its
 * stores. Reads and writes no topic or store.
 */
final class SessionImaging {

    final NeuronFootprints table;
    final FrameAssembler assembler;
    final CausalDff dff;
    final Registration registration;
    final float[] dffOut;
    /** Registration max-projections of the open frames, by frame; and emptied ones for reuse. */
    final Map<Long, float[]> projections = new HashMap<>();
    final ArrayDeque<float[]> spareProjections = new ArrayDeque<>();
    float dx;
    float dy;

    SessionImaging(NeuronFootprints table, ImagingConfig config) {
        this.table = table;
        this.assembler = new FrameAssembler(new TraceExtractor(table), config.maxFramesInFlight(),
                config.frameTimeoutMs());
        this.dff = new CausalDff(table.neurons(), config.dffWindow(), config.dffPercentile());
        this.registration = config.register() && table.width() / config.registerDownsample() >= 4
                && table.height() / config.registerDownsample() >= 4
                ? new Registration(table.width(), table.height(), config.registerDownsample(),
                config.referenceVolumes(), config.maxShift(), 1.0)
                : null;
        this.dffOut = new float[table.neurons()];
    }
}
