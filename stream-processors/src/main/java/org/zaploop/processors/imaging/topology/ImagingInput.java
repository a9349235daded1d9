package org.zaploop.processors.imaging.topology;

import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;

/**
 * A plane or a neuron-table block on their way into {@link ImagingProcessor}; exactly one is set. Lives only
 * between the merge and the processor of one sub-topology (never serialised). Reads and writes no topic or store.
 */
record ImagingInput(Plane plane, NeuronTableBlock block) {

    static ImagingInput of(Plane p) {
        return new ImagingInput(p, null);
    }

    static ImagingInput of(NeuronTableBlock b) {
        return new ImagingInput(null, b);
    }
}
