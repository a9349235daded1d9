package org.zaploop.processors.forecast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * ZAPBench's linear baseline learned online, one map per neuron block of a session: each block's completed windows
 * are added to its own normal equations in that block's frame order, and its map is solved from them alone, first
 * after {@link #FIRST_FIT_FRAMES} to twice that many learned frames (so a live session sees the map within a
 * minute), then every {@code refitFrames}, the blocks spread over the period ({@link #solveDue}). What a block is
 * forecast with therefore depends on its own traces only, never on how the blocks of a partition happened to
 * interleave: an upstream processor that is killed and restarted, or a second imaging instance, reorders the
 * blocks, and the forecasts stay the same bit for bit. A block has hundreds of neurons or more, far more rows than
 * the map's (C + 1) × H coefficients. Before a block's first solve it forecasts the context mean.
 *
 * <p>One instance per session ({@link #learnsPerNeuron()}: a replay beside a live fish shares neuron indices, not
 * neurons); a block's learned state goes to the processor's store through {@link #changedBlockState}.
 */
public final class OnlineLinearForecaster implements Forecaster {

    /** Learned frames of a block before its map is first solved (8 frames of a 10,000-neuron fish: 5,000 rows). */
    public static final int FIRST_FIT_FRAMES = 8;
    private static final int HEADER = 9;

    private final int context;
    private final int horizon;
    private final int refitFrames;
    private final Map<Integer, Block> blocks = new HashMap<>();

    private final class Block {
        final LinearForecaster map = new LinearForecaster(context, horizon);
        long learnedFrames;
        boolean changed;
    }

    /** @param refitFrames learned frames between a block's solves after the first */
    public OnlineLinearForecaster(int context, int horizon, int refitFrames) {
        if (refitFrames < 1) {
            throw new IllegalArgumentException("refitFrames must be at least 1, got " + refitFrames);
        }
        this.context = context;
        this.horizon = horizon;
        this.refitFrames = refitFrames;
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public boolean learnsPerNeuron() {
        return true;
    }

    /**
     * Adds one completed window of the block at {@code firstNeuron} (C + H frames from {@code frames[from]}, the
     * neurons {@code i ≡ phase (mod step)}) and solves the block's map when its schedule says so.
     *
     * @return whether the block's map was solved
     */
    public boolean learn(int firstNeuron, float[][] frames, int from, int neurons, int step, int phase) {
        Block b = blocks.computeIfAbsent(firstNeuron, k -> new Block());
        b.map.learn(frames, from, neurons, step, phase);
        b.learnedFrames++;
        b.changed = true;
        if (solveDue(b.learnedFrames, slot(firstNeuron, neurons))) {
            b.map.solve();
            return true;
        }
        return false;
    }

    /**
     * The block's place in the refit period: its index among blocks of its size. A whole brain has about 140
     * blocks, which learn the same frames; solved on the same frame they would stall it (a solve at C = 256 takes
     * milliseconds), spread by index they take one or two solves a frame.
     */
    private int slot(int firstNeuron, int neurons) {
        return (firstNeuron / Math.max(1, neurons)) % refitFrames;
    }

    /**
     * Whether a block in refit slot {@code s} is solved after {@code learned} frames: first after F + (s mod F)
     * frames, F = {@link #FIRST_FIT_FRAMES} (or the refit period if shorter), then at F + s + k · refitFrames.
     */
    static boolean solveDue(long learned, int slot, int refitFrames) {
        int s = Math.floorMod(slot, refitFrames);
        long first = Math.min(FIRST_FIT_FRAMES, refitFrames);
        long firstSolve = first + s % first;
        long sinceSlot = learned - first - s;
        return learned == firstSolve || (learned > firstSolve && sinceSlot >= 0 && sinceSlot % refitFrames == 0);
    }

    private boolean solveDue(long learned, int s) {
        return solveDue(learned, s, refitFrames);
    }

    /** Whether the map of the block at {@code firstNeuron} has been solved. */
    public boolean fitted(int firstNeuron) {
        Block b = blocks.get(firstNeuron);
        return b != null && b.map.fitted();
    }

    /** Learned frames, then the block map's normal equations and solution; null when nothing was learned since. */
    @Override
    public byte[] changedBlockState(int firstNeuron) {
        Block b = blocks.get(firstNeuron);
        if (b == null || !b.changed) {
            return null;
        }
        b.changed = false;
        ByteBuffer out = ByteBuffer.allocate(HEADER + b.map.onlineStateBytes()).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 1).putLong(b.learnedFrames);
        b.map.writeOnlineState(out);
        return out.array();
    }

    /** Continues a block from its saved state; a state in another layout (another C or H) is ignored. */
    @Override
    public void restoreBlockState(int firstNeuron, byte[] state) {
        if (state == null || state.length < HEADER || state[0] != 1) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        in.get();
        long learned = in.getLong();
        Block b = new Block();
        if (b.map.restoreOnlineState(in)) {
            b.learnedFrames = learned;
            blocks.put(firstNeuron, b);
        }
    }

    @Override
    public void forecast(float[][] frames, int from, int firstNeuron, int neurons, int[] targetConditions,
                         float[] out) {
        Block b = blocks.computeIfAbsent(firstNeuron, k -> new Block());
        b.map.forecast(frames, from, firstNeuron, neurons, targetConditions, out);
    }
}
