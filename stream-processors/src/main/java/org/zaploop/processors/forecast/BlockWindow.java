package org.zaploop.processors.forecast;

import java.util.Arrays;

/**
 * The last R frames of one neuron block, in a ring written twice (at slot s and s + R) so the newest k ≤ R frames
 * are always one contiguous [k][neurons] run of the array: forecasters read the context in place, without a copy.
 * Frames must arrive in order: a repeated or older frame is refused, a gap starts the window afresh. Reads and
 * writes no topic or store (the topology persists each frame as it arrives and replays them into a new window).
 */
public final class BlockWindow {

    /** What {@link #add} did with a frame. */
    public enum Added { IN_ORDER, FIRST, GAP_RESTARTED, STALE }

    private final int capacity;
    private final int neurons;
    private final float[] ring;
    private long newest = -1;
    private int filled;

    public BlockWindow(int capacity, int neurons) {
        this.capacity = capacity;
        this.neurons = neurons;
        this.ring = new float[2 * capacity * neurons];
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
        int slot = (int) (frame % capacity);
        System.arraycopy(values, 0, ring, slot * neurons, neurons);
        System.arraycopy(values, 0, ring, (slot + capacity) * neurons, neurons);
        newest = frame;
        filled = Math.min(capacity, filled + 1);
        return how;
    }

    /** The array holding the frames (pass with {@link #offsetOfLast}). */
    public float[] array() {
        return ring;
    }

    /** Offset in {@link #array()} of the oldest of the newest {@code k} frames; they follow contiguously. */
    public int offsetOfLast(int k) {
        if (k > filled) {
            throw new IllegalStateException("only " + filled + " frames held, asked for " + k);
        }
        int slot = (int) (newest % capacity);
        return (slot + capacity - k + 1) * neurons;
    }

    public void clear() {
        Arrays.fill(ring, 0);
        newest = -1;
        filled = 0;
    }
}
