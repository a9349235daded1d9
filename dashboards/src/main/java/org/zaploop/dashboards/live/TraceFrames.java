package org.zaploop.dashboards.live;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.zaploop.protocol.records.TraceBlock;

/**
 * Assembles the ΔF/F of every neuron at one frame from the trace blocks of {@code zl.traces}, quantised to one
 * byte per neuron: 0 = no value, 1..255 = {@code low..high} (clipped). A frame is complete when every neuron of the
 * table has a value; a frame still incomplete when a block two frames newer arrives, or after {@code timeoutNs},
 * is released as partial, so one lost block never stalls the view. Blocks of frames already released are late
 * and counted. Reads and writes no topic itself.
 */
public final class TraceFrames {

    /** One assembled frame; {@code quanta} is not copied and must not be changed after release. */
    public record Frame(long frame, long acquisitionNs, boolean partial, byte[] quanta) {
    }

    private static final int MAX_PENDING = 2;

    private final int neurons;
    private final float low;
    private final float scale;
    private final long timeoutNs;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long released = -1;
    private long late;
    private long outside;

    private static final class Pending {
        final byte[] quanta;
        final long acquisitionNs;
        final long firstSeenNs;
        int covered;
        boolean partial;

        Pending(int n, long acquisitionNs, long firstSeenNs) {
            quanta = new byte[n];
            this.acquisitionNs = acquisitionNs;
            this.firstSeenNs = firstSeenNs;
        }
    }

    public TraceFrames(int neurons, float low, float high, long timeoutNs) {
        this.neurons = neurons;
        this.low = low;
        this.scale = 254f / (high - low);
        this.timeoutNs = timeoutNs;
    }

    /** Adds a block; returns the frames it completes or pushes out (oldest first), usually none or one. */
    public List<Frame> add(TraceBlock b, long nowNs) {
        List<Frame> out = new ArrayList<>(1);
        if (b.frame() <= released) {
            late++;
            return out;
        }
        int n = b.neuronCount();
        if (b.firstNeuron() + n > neurons) {
            outside++;
            return out;
        }
        Pending p = pending.computeIfAbsent(b.frame(), f -> new Pending(neurons, b.acquisitionNs(), nowNs));
        float[] dff = b.dff();
        byte[] q = p.quanta;
        int at = b.firstNeuron();
        // Quantise ΔF/F to 1..255 over [low, high], clipping outside; a block sent twice counts once.
        for (int i = 0; i < n; i++) {
            float v = (dff[i] - low) * scale;
            int k = v <= 0 ? 1 : v >= 254 ? 255 : 1 + (int) (v + 0.5f);
            if (q[at + i] == 0) {
                p.covered++;
            }
            q[at + i] = (byte) k;
        }
        p.partial |= b.partialFrame();
        if (p.covered == neurons) {
            releaseUpTo(b.frame(), out);
        } else {
            while (!pending.isEmpty() && pending.firstKey() < b.frame() - MAX_PENDING + 1) {
                releaseUpTo(pending.firstKey(), out);
            }
        }
        return out;
    }

    /** Releases, as partial, the frames that waited longer than the timeout. */
    public List<Frame> expire(long nowNs) {
        List<Frame> out = new ArrayList<>(0);
        while (!pending.isEmpty() && nowNs - pending.firstEntry().getValue().firstSeenNs > timeoutNs) {
            releaseUpTo(pending.firstKey(), out);
        }
        return out;
    }

    private void releaseUpTo(long frame, List<Frame> out) {
        Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Pending> e = it.next();
            if (e.getKey() > frame) {
                break;
            }
            Pending p = e.getValue();
            out.add(new Frame(e.getKey(), p.acquisitionNs, p.partial || p.covered < neurons, p.quanta));
            released = e.getKey();
            it.remove();
        }
    }

    public int neurons() {
        return neurons;
    }

    /** Blocks that arrived after their frame was released. */
    public long late() {
        return late;
    }

    /** Blocks beyond the current table (the segmentation changed under them). */
    public long outside() {
        return outside;
    }
}
