package org.zaploop.processors.forecast;

import java.util.Arrays;

/**
 * The last R frames of one neuron block, lag-major: one array per frame, held in a ring of references written
 * twice (at slot s and s + R, both pointing to the same frame array) so the newest k ≤ R frames are always k
 * consecutive entries of {@link #frames()}: forecasters read the context in place, without a copy, and their
 * inner loops run over one frame's neurons. Frames must arrive in order: a repeated or older frame is refused, a
 * gap starts the window afresh. Reads and writes no topic or store (the topology persists each frame as it
 * arrives and replays them into a new window).
 */
public final class BlockWindow {

    /** What {@link #add} did with a frame. */
    public enum Added { IN_ORDER, FIRST, GAP_RESTARTED, STALE }

    private final int capacity;
    private final int neurons;
    private final float[][] ring;
    private long newest = -1;
    private int filled;

    public BlockWindow(int capacity, int neurons) {
        this.capacity = capacity;
        this.neurons = neurons;
        this.ring = new float[2 * capacity][];
        for (int s = 0; s < capacity; s++) {
            ring[s] = new float[neurons];
            ring[s + capacity] = ring[s];
        }
    }

    public int neurons() {
        return neurons;
    }

    public int capacity() {
        return capacity;
    }

    /** The newest frame held, or −1. */
    public long newest() {
        return newest;
    }

    /** Consecutive frames held, up to the capacity. */
    public int filled() {
        return filled;
    }

    /** Copies {@code values[0 .. neurons)} in as {@code frame}. */
    public Added add(long frame, float[] values) {
        Added how;
        if (newest < 0) {
            how = Added.FIRST;
        } else if (frame <= newest) {
            return Added.STALE;
        } else if (frame == newest + 1) {
            how = Added.IN_ORDER;
        } else {
            how = Added.GAP_RESTARTED;
            filled = 0;
        }
        System.arraycopy(values, 0, ring[(int) (frame % capacity)], 0, neurons);
        newest = frame;
        filled = Math.min(capacity, filled + 1);
        return how;
    }

    /** The frame arrays (pass with {@link #fromOfLast}); do not modify them. */
    public float[][] frames() {
        return ring;
    }

    /** Index in {@link #frames()} of the oldest of the newest {@code k} frames; they follow consecutively. */
    public int fromOfLast(int k) {
        if (k > filled) {
            throw new IllegalStateException("only " + filled + " frames held, asked for " + k);
        }
        int slot = (int) (newest % capacity);
        return slot + capacity - k + 1;
    }

    public void clear() {
        for (int s = 0; s < capacity; s++) {
            Arrays.fill(ring[s], 0);
        }
        newest = -1;
        filled = 0;
    }
}
