package org.zaploop.sim.twin;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.zaploop.protocol.records.TraceBlock;

/**
 * Puts the trace blocks of each frame ({@code zl.traces} records, passed in by the adapter; blocks of one frame
 * arrive on different partitions, in any order) back together into one ΔF/F array per frame, and hands complete
 * frames on in frame order. A frame still missing blocks when a frame {@value #PATIENCE_FRAMES} newer has begun is
 * handed on as it is (NaN for the neurons not measured), so one lost block never stalls the twin; blocks of frames
 * already handed on are counted as late and dropped. Reads and writes no topic itself.
 */
public final class FrameAssembler {

    /** How many newer frames may start before an incomplete frame is handed on anyway. */
    public static final int PATIENCE_FRAMES = 2;

    /**
     * A frame put together.
     *
     * @param dff           ΔF/F per neuron, NaN where no block arrived (the assembler's buffer: use before returning)
     * @param acquisitionNs acquisition time of the frame
     * @param complete      whether every neuron was measured
     */
    public record Frame(long frame, float[] dff, long acquisitionNs, boolean complete) {
    }

    private final int neurons;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long lastHanded = -1;
    private long late;
    private long incomplete;

    private static final class Pending {
        final float[] dff;
        int filled;
        long acquisitionNs;

        Pending(int n) {
            dff = new float[n];
            Arrays.fill(dff, Float.NaN);
        }
    }

    public FrameAssembler(int neurons) {
        this.neurons = neurons;
    }

    /**
     * Adds one block; hands every frame that is now ready to {@code out}, oldest first.
     *
     * @throws IllegalArgumentException if the block reaches past the neuron table
     */
    public void add(TraceBlock b, Consumer<Frame> out) {
        if (b.firstNeuron() + b.neuronCount() > neurons) {
            throw new IllegalArgumentException("trace block " + b.block() + " of frame " + b.frame()
                    + " reaches neuron " + (b.firstNeuron() + b.neuronCount()) + " of a table of " + neurons);
        }
        if (b.frame() <= lastHanded) {
            late++;
            return;
        }
        Pending p = pending.computeIfAbsent(b.frame(), f -> new Pending(neurons));
        float[] d = b.dff();
        for (int i = 0; i < d.length; i++) {
            if (Float.isNaN(p.dff[b.firstNeuron() + i])) {
                p.filled++;
            }
            p.dff[b.firstNeuron() + i] = d[i];
        }
        p.acquisitionNs = Math.max(p.acquisitionNs, b.acquisitionNs());
        long newest = pending.lastKey();
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pending> e = it.next();
            boolean full = e.getValue().filled == neurons;
            if (!full && e.getKey() > newest - PATIENCE_FRAMES) {
                break; // frames hand on in order: wait for this one
            }
            it.remove();
            lastHanded = e.getKey();
            if (!full) {
                incomplete++;
            }
            out.accept(new Frame(e.getKey(), e.getValue().dff, e.getValue().acquisitionNs, full));
        }
    }

    /** Blocks that came after their frame had been handed on. */
    public long late() {
        return late;
    }

    /** Frames handed on with neurons missing. */
    public long incomplete() {
        return incomplete;
    }
}
