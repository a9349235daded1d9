package org.zaploop.sim.export;

import java.io.IOException;
import java.nio.file.Path;
import org.zaploop.protocol.archive.zarr.ArraySpec;
import org.zaploop.protocol.archive.zarr.DataType;
import org.zaploop.protocol.archive.zarr.Order;
import org.zaploop.protocol.archive.zarr.ZarrArray;
import org.zaploop.sim.fish.FrameTruth;

/**
 * The virtual fish's ground truth beside a session archive, as zarr v3 arrays under {@code truth/}:
 * {@code spikes} uint16 [t, neuron] (spikes per volume period), {@code calcium} float32 [t, neuron], and
 * {@code shift} float64 [t, 3] (rigid shift in voxels, x y z). The true ΔF/F itself is the archive's
 * {@code traces}. Rows are buffered per {@value #CHUNK_FRAMES} frames and written a chunk at a time.
 */
final class TruthArrays {

    static final int CHUNK_FRAMES = 64;

    private final ZarrArray spikes;
    private final ZarrArray calcium;
    private final ZarrArray shift;
    private final int neurons;
    private final short[] spikeRows;
    private final float[] calciumRows;
    private final double[] shiftRows;
    private long firstBuffered;
    private int buffered;

    TruthArrays(Path truthDir, long frames, int neurons) throws IOException {
        this.neurons = neurons;
        spikes = ZarrArray.create(truthDir.resolve("spikes"),
                ArraySpec.of(DataType.UINT16, new long[] {frames, neurons}, new int[] {CHUNK_FRAMES, neurons}));
        calcium = ZarrArray.create(truthDir.resolve("calcium"),
                ArraySpec.of(DataType.FLOAT32, new long[] {frames, neurons}, new int[] {CHUNK_FRAMES, neurons}));
        shift = ZarrArray.create(truthDir.resolve("shift"),
                ArraySpec.of(DataType.FLOAT64, new long[] {frames, 3}, new int[] {CHUNK_FRAMES, 3}));
        spikeRows = new short[CHUNK_FRAMES * neurons];
        calciumRows = new float[CHUNK_FRAMES * neurons];
        shiftRows = new double[CHUNK_FRAMES * 3];
    }

    void add(FrameTruth t) throws IOException {
        if (buffered == 0) {
            firstBuffered = t.frame();
        }
        int o = buffered * neurons;
        for (int i = 0; i < neurons; i++) {
            spikeRows[o + i] = (short) Math.min(t.spikes()[i], 65535);
        }
        System.arraycopy(t.calcium(), 0, calciumRows, o, neurons);
        System.arraycopy(t.shiftVox(), 0, shiftRows, buffered * 3, 3);
        if (++buffered == CHUNK_FRAMES) {
            flush();
        }
    }

    void flush() throws IOException {
        if (buffered == 0) {
            return;
        }
        long[] at = {firstBuffered, 0};
        spikes.writeShort(at, new int[] {buffered, neurons}, trimmed(spikeRows, buffered * neurons), Order.C);
        calcium.writeFloat(at, new int[] {buffered, neurons}, trimmed(calciumRows, buffered * neurons), Order.C);
        shift.writeDouble(at, new int[] {buffered, 3}, trimmed(shiftRows, buffered * 3), Order.C);
        buffered = 0;
    }

    private static short[] trimmed(short[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    private static float[] trimmed(float[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    private static double[] trimmed(double[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }
}
