package org.zaploop.processors.forecast;

import java.util.ArrayList;
import java.util.List;
import org.zaploop.protocol.ZapbenchConditions;

/**
 * ZAPBench's forecasting protocol (/work/shared/ZAPBENCH.md), exactly: nine stimulus conditions with half-open
 * frame ranges; one frame of padding dropped at each end of a condition; inside the padded range of length n,
 * test = floor(0.2 n), val = floor(0.1 n), train = the rest, in the time order train → val → test; taxis (held
 * out) is never trained on and its test targets are its padded range minus the first 256 frames. Windows at
 * stride 1: input frames {@code [s, s+C)}, targets {@code [s+C, s+C+H)}; a val or test window's targets lie in
 * the split's range and its context may start up to C frames earlier (the split's data range starts C frames
 * early); a train window lies wholly inside the train range. Reads and writes no topic or store.
 *
 * <p>For recordings that are not ZAPBench's 7,879 frames, {@link #proportional} scales the condition boundaries
 * to the session length, and {@link #fromConditionPerFrame} takes them from the rig's condition per frame (each
 * contiguous run of one condition is one entry; several runs of the same condition are scored together).
 */
public final class ZapbenchProtocol {

    public static final int HORIZON = 32;
    public static final int ZAPBENCH_FRAMES = ZapbenchConditions.RECORDING_FRAMES;
    /** Index of the held-out condition (taxis). */
    public static final int TAXIS = ZapbenchConditions.TAXIS;
    /** Frames of the held-out condition's padded range that are never test targets. */
    public static final int HELD_OUT_SKIP = 256;

    /** Frames {@code [from, to)}. */
    public record Range(int from, int to) {
        public Range {
            if (to < from) {
                to = from;
            }
        }

        public int length() {
            return to - from;
        }
    }

    /** A condition (or one contiguous run of it) with its frame range {@code [from, to)}. */
    public record Condition(int index, String name, int from, int to, boolean heldOut) {
    }

    public enum Split { TRAIN, VAL, TEST }

    private final List<Condition> conditions;
    private final int context;
    private final int horizon;

    public ZapbenchProtocol(List<Condition> conditions, int context, int horizon) {
        if (context < 1 || horizon < 1) {
            throw new IllegalArgumentException("context and horizon must be >= 1");
        }
        this.conditions = List.copyOf(conditions);
        this.context = context;
        this.horizon = horizon;
    }

    /** ZAPBench's nine conditions over its 7,879 frames, H = 32. */
    public static ZapbenchProtocol standard(int context) {
        return proportional(ZAPBENCH_FRAMES, context);
    }

    /** ZAPBench's conditions with boundaries scaled to {@code frames} (rounded); exact for 7,879 frames. */
    public static ZapbenchProtocol proportional(int frames, int context) {
        List<Condition> cs = new ArrayList<>();
        for (int k = 0; k < ZapbenchConditions.COUNT; k++) {
            int from = ZapbenchConditions.scaledStart(k, frames);
            int to = ZapbenchConditions.scaledStart(k + 1, frames);
            cs.add(new Condition(k, ZapbenchConditions.name(k), from, to, k == TAXIS));
        }
        return new ZapbenchProtocol(cs, context, HORIZON);
    }

    /**
     * Conditions from the condition shown at each frame (0..8, −1 = none: such frames belong to no condition);
     * each contiguous run is one entry, condition 3 (taxis) is held out.
     */
    public static ZapbenchProtocol fromConditionPerFrame(int[] conditionPerFrame, int context) {
        List<Condition> cs = new ArrayList<>();
        int start = 0;
        for (int f = 1; f <= conditionPerFrame.length; f++) {
            if (f == conditionPerFrame.length || conditionPerFrame[f] != conditionPerFrame[start]) {
                int k = conditionPerFrame[start];
                if (k >= 0) {
                    cs.add(new Condition(k, ZapbenchConditions.name(k), start, f, k == TAXIS));
                }
                start = f;
            }
        }
        return new ZapbenchProtocol(cs, context, HORIZON);
    }

    public static String conditionName(int k) {
        return ZapbenchConditions.name(k);
    }

    public List<Condition> conditions() {
        return conditions;
    }

    public int context() {
        return context;
    }

    public int horizon() {
        return horizon;
    }

    /** The frames after dropping one frame of padding at each end. */
    public Range padded(Condition c) {
        return new Range(c.from() + 1, c.to() - 1);
    }

    /** The frames whose values are targets of the split (for TRAIN: where whole windows lie). */
    public Range targets(Condition c, Split s) {
        Range p = padded(c);
        int n = p.length();
        int test = n / 5;
        int val = n / 10;
        int train = n - test - val;
        if (c.heldOut()) {
            return s == Split.TEST ? new Range(Math.min(p.to(), p.from() + HELD_OUT_SKIP), p.to())
                    : new Range(p.from(), p.from());
        }
        return switch (s) {
            case TRAIN -> new Range(p.from(), p.from() + train);
            case VAL -> new Range(p.from() + train, p.from() + train + val);
            case TEST -> new Range(p.from() + train + val, p.to());
        };
    }

    /** The frames a split's windows read: the target range, starting C frames early for val and test. */
    public Range data(Condition c, Split s) {
        Range t = targets(c, s);
        if (s == Split.TRAIN || t.length() == 0) {
            return t;
        }
        return new Range(Math.max(0, t.from() - context), t.to());
    }

    /** Windows of a split: train windows lie inside the train range; val/test windows' targets in theirs. */
    public int windows(Condition c, Split s) {
        Range t = targets(c, s);
        int n = s == Split.TRAIN ? t.length() - context - horizon + 1 : t.length() - horizon + 1;
        if (s != Split.TRAIN && t.from() - context < 0) {
            n = Math.min(n, t.to() - horizon - context + 1);
        }
        return Math.max(0, n);
    }

    /** First input frame s of window w: inputs {@code [s, s+C)}, targets {@code [s+C, s+C+H)}. */
    public int windowStart(Condition c, Split s, int w) {
        Range t = targets(c, s);
        int first = s == Split.TRAIN ? t.from() : t.from() - context;
        if (first < 0) {
            first = 0;
        }
        return first + w;
    }

    /** The train ranges of the conditions that are trained on (not held out), for fitting. */
    public List<Range> trainSegments() {
        List<Range> out = new ArrayList<>();
        for (Condition c : conditions) {
            if (!c.heldOut()) {
                out.add(targets(c, Split.TRAIN));
            }
        }
        return out;
    }

    /** Condition index per frame for {@code frames} frames (−1 outside every condition). */
    public int[] conditionPerFrame(int frames) {
        int[] out = new int[frames];
        java.util.Arrays.fill(out, -1);
        for (Condition c : conditions) {
            for (int f = Math.max(0, c.from()); f < Math.min(frames, c.to()); f++) {
                out[f] = c.index();
            }
        }
        return out;
    }

    /** Distinct condition indices in order of first appearance. */
    public List<Integer> conditionIndices() {
        List<Integer> out = new ArrayList<>();
        for (Condition c : conditions) {
            if (!out.contains(c.index())) {
                out.add(c.index());
            }
        }
        return out;
    }
}
