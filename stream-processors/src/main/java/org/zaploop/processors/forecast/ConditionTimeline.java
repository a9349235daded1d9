package org.zaploop.processors.forecast;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * When the condition changed in a session: entries (frame or −1, acquisition ns, condition) in arrival order,
 * from rig events that carry a condition. {@link #at} answers the condition of a frame: the latest entry at or
 * before it (by frame when the entry has one, else by acquisition time). Immutable; encoded as bytes for a store.
 * Reads and writes no topic or store.
 */
public final class ConditionTimeline {

    public static final ConditionTimeline EMPTY = new ConditionTimeline(new long[0], new long[0], new int[0]);
    private static final int MAX_ENTRIES = 4096;

    private final long[] frames;
    private final long[] times;
    private final int[] conditions;

    private ConditionTimeline(long[] frames, long[] times, int[] conditions) {
        this.frames = frames;
        this.times = times;
        this.conditions = conditions;
    }

    public int size() {
        return conditions.length;
    }

    /** This timeline plus one event; an event repeating the current condition adds nothing. */
    public ConditionTimeline with(Long frame, long acquisitionNs, int condition) {
        int n = conditions.length;
        if (n > 0 && conditions[n - 1] == condition) {
            return this;
        }
        int from = n >= MAX_ENTRIES ? 1 : 0;
        long[] f = Arrays.copyOfRange(frames, from, n + 1);
        long[] t = Arrays.copyOfRange(times, from, n + 1);
        int[] c = Arrays.copyOfRange(conditions, from, n + 1);
        f[f.length - 1] = frame == null ? -1 : frame;
        t[t.length - 1] = acquisitionNs;
        c[c.length - 1] = condition;
        return new ConditionTimeline(f, t, c);
    }

    /** The condition shown at a frame acquired at {@code acquisitionNs}, or −1 if none is known yet. */
    public int at(long frame, long acquisitionNs) {
        int best = -1;
        for (int i = 0; i < conditions.length; i++) {
            boolean before = frames[i] >= 0 ? frames[i] <= frame : times[i] <= acquisitionNs;
            if (before) {
                best = conditions[i];
            }
        }
        return best;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(4 + conditions.length * 20);
        b.putInt(conditions.length);
        for (int i = 0; i < conditions.length; i++) {
            b.putLong(frames[i]).putLong(times[i]).putInt(conditions[i]);
        }
        return b.array();
    }

    public static ConditionTimeline decode(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            return EMPTY;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        if (n < 0 || n > MAX_ENTRIES || bytes.length != 4 + 20 * n) {
            return EMPTY;
        }
        long[] f = new long[n];
        long[] t = new long[n];
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = b.getLong();
            t[i] = b.getLong();
            c[i] = b.getInt();
        }
        return new ConditionTimeline(f, t, c);
    }
}
