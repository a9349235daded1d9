package org.zaploop.dashboards.live;

/**
 * The last frames of quantised ΔF/F (as {@link TraceFrames} releases them), for the trace of a neuron or ensemble
 * a client selects: the selection's mean ΔF/F over the kept frames, dequantised. Reads and writes no topic.
 */
public final class FrameHistory {

    private final TraceFrames.Frame[] ring;
    private final float low;
    private final float step;
    private long newest = -1;

    public FrameHistory(int frames, float low, float high) {
        this.ring = new TraceFrames.Frame[frames];
        this.low = low;
        this.step = (high - low) / 254f;
    }

    public void add(TraceFrames.Frame f) {
        ring[(int) Math.floorMod(f.frame(), (long) ring.length)] = f;
        newest = Math.max(newest, f.frame());
    }

    /** The newest frame index, or -1. */
    public long newest() {
        return newest;
    }

    /** The oldest frame index the ring may still hold. */
    public long oldest() {
        return Math.max(0, newest - ring.length + 1);
    }

    /** Mean ΔF/F of the selected neurons at {@code frame}, NaN when the frame is not kept or none has a value. */
    public float mean(long frame, int[] selection) {
        if (frame < oldest() || frame > newest) {
            return Float.NaN;
        }
        TraceFrames.Frame f = ring[(int) Math.floorMod(frame, (long) ring.length)];
        return f == null || f.frame() != frame ? Float.NaN : mean(f.quanta(), selection);
    }

    /** Mean dequantised ΔF/F of the selected neurons of one frame, skipping missing values (quantum 0). */
    public float mean(byte[] quanta, int[] selection) {
        double sum = 0;
        int n = 0;
        for (int i : selection) {
            int k = quanta[i] & 0xff;
            if (k != 0) {
                sum += k;
                n++;
            }
        }
        return n == 0 ? Float.NaN : (float) (low + (sum / n - 1) * step);
    }
}
