package org.zaploop.protocol.archive.zarr;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.zaploop.protocol.archive.ArchiveFormatException;

/**
 * A zarr array on disk: a function from the integer box {@code [0, shape)} to one {@link DataType}, stored as
 * regular chunks. Opens zarr v3 ({@code zarr.json}) and v2 ({@code .zarray}, {@code .zattrs}); creates v3.
 *
 * <p>Buffers belong to the caller and are flat primitive arrays: unsigned types travel in the signed
 * primitive of the same width, {@code byte[]} chunk buffers hold raw little-endian element bytes. Chunk
 * buffers always cover the full chunk shape, edge chunks included. Region reads and writes
 * ({@link #readFloat(long[], int[], float[])} ...) take the region's offset and shape and fill the buffer in
 * {@link Order#C} unless told otherwise; an {@link Order#F} region that is exactly one chunk whose codecs store
 * it transposed is copied without reordering (the plane fast path), any other F region is copied element by
 * element (the visible slow path). Per-call allocation is per chunk, never per element.
 *
 * <p>A missing chunk reads as the fill value, as the spec says, unless {@link #requireWritten} says the chunk
 * must exist. A chunk file that does not decode to exactly one chunk, or any malformed metadata, is an
 * {@link ArchiveFormatException} naming the file. Writes replace chunk files atomically and durably
 * ({@link AtomicFiles}); writing different chunks from different threads is safe. Reads and writes no topic
 * or store.
 */
public final class ZarrArray {

    private final Path dir;
    private final String name;
    private final ArraySpec spec;
    private final int zarrFormat;
    private final CodecPipeline pipeline;
    private final int requiredDim;
    private final long requiredCount;
    private final String requiredUnit;

    private ZarrArray(Path dir, ArraySpec spec, int zarrFormat, CodecPipeline pipeline, int requiredDim,
                      long requiredCount, String requiredUnit) {
        this.dir = dir;
        this.name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        this.spec = spec;
        this.zarrFormat = zarrFormat;
        this.pipeline = pipeline;
        this.requiredDim = requiredDim;
        this.requiredCount = requiredCount;
        this.requiredUnit = requiredUnit;
    }

    /** Creates a zarr v3 array: writes {@code dir/zarr.json}; fails if an array or group is already there. */
    public static ZarrArray create(Path dir, ArraySpec spec) throws IOException {
        if (Files.exists(dir.resolve("zarr.json")) || Files.exists(dir.resolve(".zarray"))) {
            throw new FileAlreadyExistsException(dir.toString(), null, "a zarr node already exists there");
        }
        ZarrArray a = new ZarrArray(dir, spec, 3, new CodecPipeline(spec), -1, 0, null);
        a.writeMetadata();
        return a;
    }

    /** Opens the array in {@code dir}: zarr v3 if {@code zarr.json} is there, else zarr v2. */
    public static ZarrArray open(Path dir) throws IOException {
        MetadataJson.Parsed p = MetadataJson.readArray(dir);
        return new ZarrArray(dir, p.spec(), p.zarrFormat(), new CodecPipeline(p.spec()), -1, 0, null);
    }

    /** Whether {@code dir} holds array metadata of either format (does not parse it). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("zarr.json")) || Files.isRegularFile(dir.resolve(".zarray"));
    }

    /** The same array with a different shape in memory only; chunks and {@code zarr.json} are untouched. */
    public ZarrArray withShape(long... shape) {
        ArraySpec s = spec.withShape(shape);
        return new ZarrArray(dir, s, zarrFormat, pipeline, requiredDim, requiredCount, requiredUnit);
    }

    /**
     * The same array, but a missing chunk whose first index along {@code dim} is below {@code count} is an
     * error ("chunk c/12/0 of traces is missing although frame 6144 was recorded") rather than fill.
     */
    public ZarrArray requireWritten(int dim, long count, String unit) {
        if (dim < 0 || dim >= spec.rank()) {
            throw new IllegalArgumentException("dimension " + dim + " outside rank " + spec.rank());
        }
        return new ZarrArray(dir, spec, zarrFormat, pipeline, dim, count, unit);
    }

    /** Rewrites {@code zarr.json} with a new shape, atomically; returns the resized array. v3 only. */
    public ZarrArray resize(long... shape) throws IOException {
        ZarrArray a = withShape(shape);
        a.writeMetadata();
        return a;
    }

    private void writeMetadata() throws IOException {
        if (zarrFormat != 3) {
            throw new IOException(dir + ": only zarr v3 metadata is written");
        }
        AtomicFiles.write(dir.resolve("zarr.json"), MetadataJson.toBytes(MetadataJson.toV3(spec)));
    }

    public Path path() {
        return dir;
    }

    public ArraySpec spec() {
        return spec;
    }

    public long[] shape() {
        return spec.shape();
    }

    public DataType dataType() {
        return spec.dataType();
    }

    /** 2 or 3. */
    public int zarrFormat() {
        return zarrFormat;
    }

    /** The chunk's file, e.g. {@code dir/c/12/0}. */
    public Path chunkPath(long... chunkIndex) {
        return dir.resolve(spec.keyEncoding().key(chunkIndex));
    }

    public boolean chunkExists(long... chunkIndex) {
        return Files.isRegularFile(chunkPath(chunkIndex));
    }

    // ---------------------------------------------------------------- whole chunks

    /**
     * Reads one chunk as raw little-endian element bytes in {@code order} into {@code dest}
     * ({@link ArraySpec#chunkBytes()} long). Returns false (and fills) if the chunk is not stored.
     */
    public boolean readChunk(long[] chunkIndex, byte[] dest, Order order) throws IOException {
        checkLength(dest.length, spec.chunkBytes(), "chunk buffer bytes");
        byte[] b = decodeChunk(chunkIndex, order);
        if (b == null) {
            fillBytes(dest);
            return false;
        }
        System.arraycopy(b, 0, dest, 0, b.length);
        return true;
    }

    public boolean readChunk(long[] chunkIndex, short[] dest, Order order) throws IOException {
        return readChunkTyped(chunkIndex, dest, dest.length, order);
    }

    public boolean readChunk(long[] chunkIndex, int[] dest, Order order) throws IOException {
        return readChunkTyped(chunkIndex, dest, dest.length, order);
    }

    public boolean readChunk(long[] chunkIndex, long[] dest, Order order) throws IOException {
        return readChunkTyped(chunkIndex, dest, dest.length, order);
    }

    public boolean readChunk(long[] chunkIndex, float[] dest, Order order) throws IOException {
        return readChunkTyped(chunkIndex, dest, dest.length, order);
    }

    public boolean readChunk(long[] chunkIndex, double[] dest, Order order) throws IOException {
        return readChunkTyped(chunkIndex, dest, dest.length, order);
    }

    /** Writes one whole chunk given as raw little-endian element bytes in {@code order}. */
    public void writeChunk(long[] chunkIndex, byte[] src, Order order) throws IOException {
        checkLength(src.length, spec.chunkBytes(), "chunk buffer bytes");
        storeChunk(chunkIndex, src, order);
    }

    public void writeChunk(long[] chunkIndex, short[] src, Order order) throws IOException {
        writeChunkTyped(chunkIndex, src, src.length, order);
    }

    public void writeChunk(long[] chunkIndex, int[] src, Order order) throws IOException {
        writeChunkTyped(chunkIndex, src, src.length, order);
    }

    public void writeChunk(long[] chunkIndex, long[] src, Order order) throws IOException {
        writeChunkTyped(chunkIndex, src, src.length, order);
    }

    public void writeChunk(long[] chunkIndex, float[] src, Order order) throws IOException {
        writeChunkTyped(chunkIndex, src, src.length, order);
    }

    public void writeChunk(long[] chunkIndex, double[] src, Order order) throws IOException {
        writeChunkTyped(chunkIndex, src, src.length, order);
    }

    private boolean readChunkTyped(long[] chunkIndex, Object dest, int length, Order order) throws IOException {
        checkType(dest);
        checkLength(length, spec.chunkElements(), "chunk buffer elements");
        byte[] b = decodeChunk(chunkIndex, order);
        if (b == null) {
            fillRun(dest, 0, length, 1);
            return false;
        }
        copyOut(view(b), 0, dest, 0, length, 1);
        return true;
    }

    private void writeChunkTyped(long[] chunkIndex, Object src, int length, Order order) throws IOException {
        checkType(src);
        checkLength(length, spec.chunkElements(), "chunk buffer elements");
        byte[] b = new byte[spec.chunkBytes()];
        copyIn(view(b), 0, src, 0, length, 1);
        storeChunk(chunkIndex, b, order);
    }

    // ---------------------------------------------------------------- regions

    public void readByte(long[] offset, int[] shape, byte[] dest) throws IOException {
        region(offset, shape, dest, dest.length, Order.C, false);
    }

    public void readByte(long[] offset, int[] shape, byte[] dest, Order order) throws IOException {
        region(offset, shape, dest, dest.length, order, false);
    }

    /** Reads a region of a uint16 or int16 array. */
    public void readShort(long[] offset, int[] shape, short[] dest) throws IOException {
        region(offset, shape, dest, dest.length, Order.C, false);
    }

    public void readShort(long[] offset, int[] shape, short[] dest, Order order) throws IOException {
        region(offset, shape, dest, dest.length, order, false);
    }

    /** Reads a region of a uint32 or int32 array. */
    public void readInt(long[] offset, int[] shape, int[] dest) throws IOException {
        region(offset, shape, dest, dest.length, Order.C, false);
    }

    public void readInt(long[] offset, int[] shape, int[] dest, Order order) throws IOException {
        region(offset, shape, dest, dest.length, order, false);
    }

    public void readLong(long[] offset, int[] shape, long[] dest) throws IOException {
        region(offset, shape, dest, dest.length, Order.C, false);
    }

    public void readLong(long[] offset, int[] shape, long[] dest, Order order) throws IOException {
        region(offset, shape, dest, dest.length, order, false);
    }

    public void readFloat(long[] offset, int[] shape, float[] dest) throws IOException {
        region(offset, shape, dest, dest.length, Order.C, false);
    }

    public void readFloat(long[] offset, int[] shape, float[] dest, Order order) throws IOException {
        region(offset, shape, dest, dest.length, order, false);
    }

    public void readDouble(long[] offset, int[] shape, double[] dest) throws IOException {
        region(offset, shape, dest, dest.length, Order.C, false);
    }

    public void readDouble(long[] offset, int[] shape, double[] dest, Order order) throws IOException {
        region(offset, shape, dest, dest.length, order, false);
    }

    public void writeByte(long[] offset, int[] shape, byte[] src, Order order) throws IOException {
        region(offset, shape, src, src.length, order, true);
    }

    /** Writes a region, reading and rewriting the chunks it covers only partly. */
    public void writeShort(long[] offset, int[] shape, short[] src, Order order) throws IOException {
        region(offset, shape, src, src.length, order, true);
    }

    public void writeInt(long[] offset, int[] shape, int[] src, Order order) throws IOException {
        region(offset, shape, src, src.length, order, true);
    }

    public void writeLong(long[] offset, int[] shape, long[] src, Order order) throws IOException {
        region(offset, shape, src, src.length, order, true);
    }

    public void writeFloat(long[] offset, int[] shape, float[] src, Order order) throws IOException {
        region(offset, shape, src, src.length, order, true);
    }

    public void writeDouble(long[] offset, int[] shape, double[] src, Order order) throws IOException {
        region(offset, shape, src, src.length, order, true);
    }

    private void region(long[] offset, int[] shape, Object buf, int bufLength, Order order, boolean write)
            throws IOException {
        checkType(buf);
        int rank = spec.rank();
        if (offset.length != rank || shape.length != rank) {
            throw new IllegalArgumentException(name + ": region of rank " + offset.length + "/" + shape.length
                    + " for an array of rank " + rank);
        }
        long total = 1;
        for (int d = 0; d < rank; d++) {
            if (offset[d] < 0 || shape[d] < 0 || offset[d] + shape[d] > spec.shape(d)) {
                throw new IndexOutOfBoundsException(name + ": region " + Arrays.toString(offset) + " + "
                        + Arrays.toString(shape) + " outside shape " + Arrays.toString(spec.shape()));
            }
            total *= shape[d];
        }
        if (total > bufLength) {
            throw new IllegalArgumentException(name + ": buffer holds " + bufLength + " elements, region needs "
                    + total);
        }
        if (total == 0) {
            return;
        }
        long[] c0 = new long[rank];
        long[] c1 = new long[rank];
        boolean oneChunk = total == spec.chunkElements();
        for (int d = 0; d < rank; d++) {
            c0[d] = offset[d] / spec.chunkShape(d);
            c1[d] = (offset[d] + shape[d] - 1) / spec.chunkShape(d);
            oneChunk &= c0[d] == c1[d] && offset[d] % spec.chunkShape(d) == 0;
        }
        if (oneChunk) {
            // the region is exactly one full chunk: no reordering beyond what the codecs do (plane fast path)
            if (write) {
                writeChunkTyped(c0, buf, (int) total, order);
            } else {
                readChunkTyped(c0, buf, (int) total, order);
            }
            return;
        }
        long[] destStride = new long[rank];
        long s = 1;
        for (int i = 0; i < rank; i++) {
            int d = order == Order.C ? rank - 1 - i : i;
            destStride[d] = s;
            s *= shape[d];
        }
        long[] idx = c0.clone();
        while (true) {
            chunkRegion(idx, offset, shape, destStride, buf, write);
            int d = rank - 1;
            for (; d >= 0; d--) {
                if (++idx[d] <= c1[d]) {
                    break;
                }
                idx[d] = c0[d];
            }
            if (d < 0) {
                break;
            }
        }
    }

    /** Copies the part of one chunk that lies in the region, row by row along the last dimension. */
    private void chunkRegion(long[] idx, long[] offset, int[] shape, long[] destStride, Object buf, boolean write)
            throws IOException {
        int rank = spec.rank();
        int[] lo = new int[rank];
        int[] len = new int[rank];
        int[] chunkStride = new int[rank];
        boolean covers = true;
        int cs = 1;
        for (int d = rank - 1; d >= 0; d--) {
            long start = idx[d] * spec.chunkShape(d);
            long from = Math.max(offset[d], start);
            long to = Math.min(offset[d] + shape[d], start + spec.chunkShape(d));
            lo[d] = (int) (from - start);
            len[d] = (int) (to - from);
            covers &= from == start && to == Math.min(spec.shape(d), start + spec.chunkShape(d));
            chunkStride[d] = cs;
            cs *= spec.chunkShape(d);
        }
        byte[] chunk;
        if (write) {
            chunk = covers ? null : decodeChunk(idx, Order.C);
            if (chunk == null) {
                chunk = new byte[spec.chunkBytes()];
                fillBytes(chunk);
            }
        } else {
            chunk = decodeChunk(idx, Order.C);
        }
        Buffer view = chunk == null ? null : view(chunk);
        int inner = rank - 1;
        int rowLen = len[inner];
        int destStep = (int) destStride[inner];
        int[] counter = new int[inner];
        while (true) {
            int src = lo[inner];
            long dst = (idx[inner] * spec.chunkShape(inner) + lo[inner] - offset[inner]) * destStride[inner];
            for (int d = 0; d < inner; d++) {
                int c = lo[d] + counter[d];
                src += c * chunkStride[d];
                dst += (idx[d] * spec.chunkShape(d) + c - offset[d]) * destStride[d];
            }
            if (write) {
                copyIn(view, src, buf, (int) dst, rowLen, destStep);
            } else if (view == null) {
                fillRun(buf, (int) dst, rowLen, destStep);
            } else {
                copyOut(view, src, buf, (int) dst, rowLen, destStep);
            }
            int d = inner - 1;
            for (; d >= 0; d--) {
                if (++counter[d] < len[d]) {
                    break;
                }
                counter[d] = 0;
            }
            if (d < 0) {
                break;
            }
        }
        if (write) {
            storeChunk(idx, chunk, Order.C);
        }
    }

    // ---------------------------------------------------------------- chunk I/O

    /** The decoded chunk, or null if it is not stored (after checking it need not be). */
    private byte[] decodeChunk(long[] idx, Order order) throws IOException {
        checkChunkIndex(idx);
        Path file = chunkPath(idx);
        byte[] stored;
        try {
            stored = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (requiredDim >= 0) {
                long first = idx[requiredDim] * spec.chunkShape(requiredDim);
                if (first < requiredCount) {
                    throw new ArchiveFormatException(file, "chunk " + spec.keyEncoding().key(idx) + " of " + name
                            + " is missing although " + requiredUnit + " " + first + " was recorded");
                }
            }
            return null;
        }
        try {
            return pipeline.decode(stored, order);
        } catch (CodecPipeline.CodecException e) {
            throw new ArchiveFormatException(file, "chunk " + spec.keyEncoding().key(idx) + " of " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private void storeChunk(long[] idx, byte[] chunk, Order order) throws IOException {
        checkChunkIndex(idx);
        AtomicFiles.write(chunkPath(idx), pipeline.encode(chunk, order));
    }

    private void checkChunkIndex(long[] idx) {
        long[] grid = spec.chunkGridShape();
        if (idx.length != grid.length) {
            throw new IllegalArgumentException(name + ": chunk index of rank " + idx.length + " for rank "
                    + grid.length);
        }
        for (int d = 0; d < grid.length; d++) {
            if (idx[d] < 0 || idx[d] >= grid[d]) {
                throw new IndexOutOfBoundsException(name + ": chunk index " + Arrays.toString(idx)
                        + " outside chunk grid " + Arrays.toString(grid));
            }
        }
    }

    private static void checkLength(int got, int expected, String what) {
        if (got != expected) {
            throw new IllegalArgumentException(what + ": got " + got + ", expected " + expected);
        }
    }

    private void checkType(Object buf) {
        DataType t = spec.dataType();
        boolean ok = (buf instanceof byte[] && t.size() == 1)
                    || (buf instanceof short[] && t.size() == 2)
                    || (buf instanceof int[] && t.size() == 4 && !t.isFloating())
                    || (buf instanceof long[] && t.size() == 8 && !t.isFloating())
                    || (buf instanceof float[] && t == DataType.FLOAT32)
                    || (buf instanceof double[] && t == DataType.FLOAT64);
        if (!ok) {
            throw new IllegalArgumentException(name + " is " + t + ", cannot use a "
                    + (buf == null ? "null" : buf.getClass().getComponentType() + "[]") + " buffer");
        }
    }

    // ---------------------------------------------------------------- element copies

    private Buffer view(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return switch (spec.dataType().size()) {
            case 1 -> bb;
            case 2 -> bb.asShortBuffer();
            case 4 -> spec.dataType().isFloating() ? bb.asFloatBuffer() : bb.asIntBuffer();
            default -> spec.dataType().isFloating() ? bb.asDoubleBuffer() : bb.asLongBuffer();
        };
    }

    /** Chunk view → caller buffer: bulk when {@code step == 1}, element by element otherwise. */
    private static void copyOut(Buffer v, int src, Object dest, int dst, int n, int step) {
        if (dest instanceof float[] a) {
            FloatBuffer b = (FloatBuffer) v;
            if (step == 1) {
                b.get(src, a, dst, n);
            } else {
                for (int k = 0; k < n; k++) {
                    a[dst + k * step] = b.get(src + k);
                }
            }
        } else if (dest instanceof short[] a) {
            ShortBuffer b = (ShortBuffer) v;
            if (step == 1) {
                b.get(src, a, dst, n);
            } else {
                for (int k = 0; k < n; k++) {
                    a[dst + k * step] = b.get(src + k);
                }
            }
        } else if (dest instanceof int[] a) {
            IntBuffer b = (IntBuffer) v;
            if (step == 1) {
                b.get(src, a, dst, n);
            } else {
                for (int k = 0; k < n; k++) {
                    a[dst + k * step] = b.get(src + k);
                }
            }
        } else if (dest instanceof byte[] a) {
            ByteBuffer b = (ByteBuffer) v;
            if (step == 1) {
                b.get(src, a, dst, n);
            } else {
                for (int k = 0; k < n; k++) {
                    a[dst + k * step] = b.get(src + k);
                }
            }
        } else if (dest instanceof long[] a) {
            LongBuffer b = (LongBuffer) v;
            if (step == 1) {
                b.get(src, a, dst, n);
            } else {
                for (int k = 0; k < n; k++) {
                    a[dst + k * step] = b.get(src + k);
                }
            }
        } else {
            double[] a = (double[]) dest;
            DoubleBuffer b = (DoubleBuffer) v;
            if (step == 1) {
                b.get(src, a, dst, n);
            } else {
                for (int k = 0; k < n; k++) {
                    a[dst + k * step] = b.get(src + k);
                }
            }
        }
    }

    /** Caller buffer → chunk view: bulk when {@code step == 1}, element by element otherwise. */
    private static void copyIn(Buffer v, int dst, Object src, int from, int n, int step) {
        if (src instanceof float[] a) {
            FloatBuffer b = (FloatBuffer) v;
            if (step == 1) {
                b.put(dst, a, from, n);
            } else {
                for (int k = 0; k < n; k++) {
                    b.put(dst + k, a[from + k * step]);
                }
            }
        } else if (src instanceof short[] a) {
            ShortBuffer b = (ShortBuffer) v;
            if (step == 1) {
                b.put(dst, a, from, n);
            } else {
                for (int k = 0; k < n; k++) {
                    b.put(dst + k, a[from + k * step]);
                }
            }
        } else if (src instanceof int[] a) {
            IntBuffer b = (IntBuffer) v;
            if (step == 1) {
                b.put(dst, a, from, n);
            } else {
                for (int k = 0; k < n; k++) {
                    b.put(dst + k, a[from + k * step]);
                }
            }
        } else if (src instanceof byte[] a) {
            ByteBuffer b = (ByteBuffer) v;
            if (step == 1) {
                b.put(dst, a, from, n);
            } else {
                for (int k = 0; k < n; k++) {
                    b.put(dst + k, a[from + k * step]);
                }
            }
        } else if (src instanceof long[] a) {
            LongBuffer b = (LongBuffer) v;
            if (step == 1) {
                b.put(dst, a, from, n);
            } else {
                for (int k = 0; k < n; k++) {
                    b.put(dst + k, a[from + k * step]);
                }
            }
        } else {
            double[] a = (double[]) src;
            DoubleBuffer b = (DoubleBuffer) v;
            if (step == 1) {
                b.put(dst, a, from, n);
            } else {
                for (int k = 0; k < n; k++) {
                    b.put(dst + k, a[from + k * step]);
                }
            }
        }
    }

    private void fillRun(Object dest, int dst, int n, int step) {
        long bits = spec.fillBits();
        int end = dst + (n - 1) * step + 1;
        if (dest instanceof float[] a) {
            float f = Float.intBitsToFloat((int) bits);
            for (int k = dst; k < end; k += step) {
                a[k] = f;
            }
        } else if (dest instanceof short[] a) {
            for (int k = dst; k < end; k += step) {
                a[k] = (short) bits;
            }
        } else if (dest instanceof int[] a) {
            for (int k = dst; k < end; k += step) {
                a[k] = (int) bits;
            }
        } else if (dest instanceof byte[] a) {
            for (int k = dst; k < end; k += step) {
                a[k] = (byte) bits;
            }
        } else if (dest instanceof long[] a) {
            for (int k = dst; k < end; k += step) {
                a[k] = bits;
            }
        } else {
            double[] a = (double[]) dest;
            double f = Double.longBitsToDouble(bits);
            for (int k = dst; k < end; k += step) {
                a[k] = f;
            }
        }
    }

    private void fillBytes(byte[] b) {
        long bits = spec.fillBits();
        if (bits == 0) {
            Arrays.fill(b, (byte) 0);
            return;
        }
        int size = spec.dataType().size();
        for (int i = 0; i < size && i < b.length; i++) {
            b[i] = (byte) (bits >>> (8 * i));
        }
        for (int filled = size; filled < b.length; filled *= 2) {
            System.arraycopy(b, 0, b, filled, Math.min(filled, b.length - filled));
        }
    }

    @Override
    public String toString() {
        return "ZarrArray[" + dir + ", v" + zarrFormat + ", " + spec + "]";
    }
}
