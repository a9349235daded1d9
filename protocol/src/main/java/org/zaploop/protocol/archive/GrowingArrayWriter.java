package org.zaploop.protocol.archive;

import java.io.IOException;
import java.util.Arrays;

import org.zaploop.protocol.archive.zarr.Order;
import org.zaploop.protocol.archive.zarr.ZarrArray;

/**
 * Appends lines to a 2-D float32 array that grows along one dimension ({@code traces} grows along t = dim 0
 * one frame at a time, {@code ephys} along sample = dim 1). It buffers the current slab of chunks (one chunk
 * extent along the growing dimension, the whole other dimension), writes the slab's chunks when it is full,
 * and rewrites the partial slab on {@link #flush()}. {@link #durable()} counts lines whose chunks are on disk.
 * Unwritten lines inside a slab are NaN. Not thread-safe: the archive serialises calls.
 */
final class GrowingArrayWriter {

    private final ZarrArray array;
    private final int growDim;
    private final int lineLength;
    private final int slabLen;
    private final int otherChunk;
    private final float[] slab;
    private final float[] scratch;
    private long slabStart;
    private long next;
    private long durable;

    /** {@code array} must be a writable view whose shape along {@code growDim} is large enough. */
    GrowingArrayWriter(ZarrArray array, int growDim, long start) {
        this.array = array;
        this.growDim = growDim;
        int other = 1 - growDim;
        this.lineLength = (int) array.spec().shape(other);
        this.slabLen = array.spec().chunkShape(growDim);
        this.otherChunk = array.spec().chunkShape(other);
        this.slab = new float[slabLen * lineLength];
        this.scratch = new float[array.spec().chunkElements()];
        this.slabStart = start - start % slabLen;
        this.next = start;
        this.durable = start;
        Arrays.fill(slab, Float.NaN);
    }

    /**
     * Resuming after {@code start} lines: loads the lines {@code [slab start, start)} of the partial slab back
     * from {@code readable} (a view of the same array that covers them), so the next slab write keeps them.
     */
    void preload(ZarrArray readable) throws IOException {
        int n = (int) (next - slabStart);
        if (n == 0) {
            return;
        }
        if (growDim == 0) {
            readable.readFloat(new long[] {slabStart, 0}, new int[] {n, lineLength}, slab);
            Arrays.fill(slab, n * lineLength, slab.length, Float.NaN);
        } else {
            float[] tmp = new float[n * lineLength];
            readable.readFloat(new long[] {0, slabStart}, new int[] {lineLength, n}, tmp);
            for (int k = 0; k < lineLength; k++) {
                System.arraycopy(tmp, k * n, slab, k * slabLen, n);
            }
        }
    }

    long next() {
        return next;
    }

    long durable() {
        return durable;
    }

    int lineLength() {
        return lineLength;
    }

    /**
     * Appends line {@code index} ({@code lineLength} values from {@code src[off..]}); lines between
     * {@link #next()} and {@code index} stay NaN. {@code index} must be ≥ {@link #next()}.
     */
    void append(long index, float[] src, int off) throws IOException {
        if (index < next) {
            throw new IllegalArgumentException("line " + index + " is before the next line " + next);
        }
        while (index >= slabStart + slabLen) {
            next = slabStart + slabLen;
            writeSlab();
            durable = next;
            slabStart += slabLen;
            Arrays.fill(slab, Float.NaN);
        }
        int p = (int) (index - slabStart);
        if (growDim == 0) {
            System.arraycopy(src, off, slab, p * lineLength, lineLength);
        } else {
            for (int k = 0; k < lineLength; k++) {
                slab[k * slabLen + p] = src[off + k];
            }
        }
        next = index + 1;
        if (next == slabStart + slabLen) {
            writeSlab();
            durable = next;
            slabStart = next;
            Arrays.fill(slab, Float.NaN);
        }
    }

    /** Writes the partial slab so every appended line is durable. */
    void flush() throws IOException {
        if (next > durable) {
            writeSlab();
            durable = next;
        }
    }

    private void writeSlab() throws IOException {
        long slabIndex = slabStart / slabLen;
        int chunks = (lineLength + otherChunk - 1) / otherChunk;
        for (int j = 0; j < chunks; j++) {
            int from = j * otherChunk;
            int n = Math.min(otherChunk, lineLength - from);
            if (n < otherChunk) {
                Arrays.fill(scratch, Float.NaN);
            }
            if (growDim == 0) {
                for (int p = 0; p < slabLen; p++) {
                    System.arraycopy(slab, p * lineLength + from, scratch, p * otherChunk, n);
                }
                array.writeChunk(new long[] {slabIndex, j}, scratch, Order.C);
            } else {
                System.arraycopy(slab, from * slabLen, scratch, 0, n * slabLen);
                array.writeChunk(new long[] {j, slabIndex}, scratch, Order.C);
            }
        }
    }
}
