package org.zaploop.processors.imaging.topology;

import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.RigEvent;

/**
 * A plane (by reference), a neuron-table block or a re-segmentation request on their way into
 * {@link ImagingProcessor}; exactly one is set. Lives only between the merge and the processor of one sub-topology
 * (never serialised). Reads and writes no topic or store.
 */
record ImagingInput(PlaneRef plane, NeuronTableBlock block, RigEvent request) {

    static ImagingInput of(PlaneRef p) {
        return new ImagingInput(p, null, null);
    }

    static ImagingInput of(NeuronTableBlock b) {
        return new ImagingInput(null, b, null);
    }

    static ImagingInput of(RigEvent resegment) {
        return new ImagingInput(null, null, resegment);
    }
}
