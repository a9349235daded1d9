package org.zaploop.ingest.recorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds whole trace frames (all neurons) from the per-block records of {@code zl.traces}, and hands them out
 * in frame order. A frame goes out when every neuron arrived; a frame that lost blocks goes out with NaN for
 * them once a frame {@code window} or more later is complete (blocks of one block index travel on one
 * partition in frame order, so with nothing lost that never happens). Blocks of frames already handed out are
 * late and dropped. Plain Java; reads no topic.
 */
final class TraceFrameAssembler {

    /**
     * A frame ready to store: {@code values} has one value per neuron (NaN where missing);
     * {@code missingNeurons} neurons never arrived; {@code skippedBefore} whole frames before it never arrived.
     */
    record Ready(long frame, float[] values, int missingNeurons, long skippedBefore) {
    }

    private static final class Partial {
        final float[] values;
        final BitSet covered;
        int count;

        Partial(int n) {
            values = new float[n];
            Arrays.fill(values, Float.NaN);
            covered = new BitSet(n);
        }
    }

    private final int neurons;
    private final int window;
    private final TreeMap<Long, Partial> pending = new TreeMap<>();
    private long next;
    private long late;

    TraceFrameAssembler(int neurons, long next, int window) {
        this.neurons = neurons;
        this.next = next;
        this.window = window;
    }

    long next() {
        return next;
    }

    long lateBlocks() {
        return late;
    }

    int pendingFrames() {
        return pending.size();
    }

    /** Adds a block; returns the frames now ready, in order (often none). */
    List<Ready> add(long frame, int firstNeuron, float[] dff) throws RecordRejectedException {
        if ((long) firstNeuron + dff.length > neurons) {
            throw new RecordRejectedException("trace block of neurons " + firstNeuron + ".." + (firstNeuron
                    + dff.length - 1) + " is beyond the session's " + neurons + " neurons");
        }
        if (frame < next) {
            late++;
            return List.of();
        }
        Partial p = pending.computeIfAbsent(frame, f -> new Partial(neurons));
        System.arraycopy(dff, 0, p.values, firstNeuron, dff.length);
        for (int i = firstNeuron; i < firstNeuron + dff.length; i++) {
            if (!p.covered.get(i)) {
                p.covered.set(i);
                p.count++;
            }
        }
        return drain();
    }

    private List<Ready> drain() {
        long newestComplete = -1;
        for (Map.Entry<Long, Partial> e : pending.descendingMap().entrySet()) {
            if (e.getValue().count == neurons) {
                newestComplete = e.getKey();
                break;
            }
        }
        List<Ready> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            Map.Entry<Long, Partial> first = pending.firstEntry();
            long f = first.getKey();
            Partial p = first.getValue();
            boolean inOrder = f == next && p.count == neurons;
            boolean givenUp = newestComplete >= 0 && f <= newestComplete - window;
            if (!inOrder && !givenUp) {
                break;
            }
            pending.pollFirstEntry();
            out.add(new Ready(f, p.values, neurons - p.count, f - next));
            next = f + 1;
        }
        return out;
    }
}
