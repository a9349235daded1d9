package org.zaploop.controller.policy;

import java.util.ArrayList;
import java.util.List;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.TraceBlock;

/**
 * The mean ΔF/F of a target population at one frame, assembled from the trace blocks of {@code zl.traces} that
 * hold its neurons (a population can span blocks). A frame is complete once every target neuron has been seen;
 * a newer frame starts afresh (an incomplete older frame is abandoned, never mixed). Reads and writes no topic.
 */
public final class PopulationMean {

    /**
     * @param frame         the frame
     * @param mean          mean ΔF/F of the population
     * @param acquisitionNs acquisition time of the frame
     * @param inputs        the blocks used
     */
    public record Sample(long frame, double mean, long acquisitionNs, List<InputRef> inputs) {
    }

    private final NeuronSet neurons;
    private long frame = -1;
    private double sum;
    private int seen;
    private final List<InputRef> refs = new ArrayList<>();
    private final java.util.Set<Integer> blocks = new java.util.HashSet<>();

    public PopulationMean(NeuronSet neurons) {
        this.neurons = neurons;
    }

    /** Adds a block; returns the frame's sample when this block completes it, else null. */
    public Sample add(TraceBlock t, InputRef ref) {
        int n = neurons.countIn(t.firstNeuron(), t.neuronCount());
        if (n == 0 || t.frame() < frame) {
            return null;
        }
        if (t.frame() > frame) {
            frame = t.frame();
            sum = 0;
            seen = 0;
            refs.clear();
            blocks.clear();
        }
        if (!blocks.add(t.block())) {
            return null; // a duplicate delivery of a block
        }
        sum += neurons.sumIn(t.firstNeuron(), t.neuronCount(), t.dff(), 0);
        seen += n;
        if (ref != null) {
            refs.add(ref);
        }
        return seen == neurons.size() ? new Sample(frame, sum / seen, t.acquisitionNs(), List.copyOf(refs)) : null;
    }
}
