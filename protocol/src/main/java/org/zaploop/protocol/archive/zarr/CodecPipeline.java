package org.zaploop.protocol.archive.zarr;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStream;

/**
 * Encodes and decodes one chunk through an array's codec pipeline. The decoded side is always the full chunk as
 * little-endian bytes in the caller's {@link Order}; the stored side is whatever the codecs make of it.
 */
final class CodecPipeline {

    /** A chunk the pipeline cannot decode; the message names the problem, the caller adds the file. */
    static final class CodecException extends Exception {
        private static final long serialVersionUID = 1L;

        CodecException(String message) {
            super(message);
        }

        CodecException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final int[] chunkShape;
    private final int itemSize;
    private final int chunkBytes;
    /** Logical dimension of each axis of the stored (encoded) array, after all transposes. */
    private final int[] storedAxes;
    private final ByteOrder endian;
    private final List<Codec> bytesCodecs;
    /** Decoded size of each bytes→bytes codec, or -1 when a compressor precedes it. */
    private final int[] decodedSize;

    CodecPipeline(ArraySpec spec) {
        this.chunkShape = spec.chunkShape();
        this.itemSize = spec.dataType().size();
        this.chunkBytes = spec.chunkBytes();
        int rank = chunkShape.length;
        int[] axes = identity(rank);
        int i = 0;
        List<Codec> codecs = spec.codecs();
        for (; codecs.get(i) instanceof Codec.Transpose t; i++) {
            int[] o = t.order();
            int[] next = new int[rank];
            for (int k = 0; k < rank; k++) {
                next[k] = axes[o[k]];
            }
            axes = next;
        }
        this.storedAxes = axes;
        this.endian = ((Codec.Bytes) codecs.get(i)).endian();
        this.bytesCodecs = codecs.subList(i + 1, codecs.size());
        this.decodedSize = new int[bytesCodecs.size()];
        int size = chunkBytes;
        for (int k = 0; k < decodedSize.length; k++) {
            decodedSize[k] = size;
            if (size >= 0) {
                size = bytesCodecs.get(k) instanceof Codec.Crc32c ? size + 4 : -1;
            }
        }
    }

    /** Checks the structure of a pipeline: transposes of the right rank, one bytes codec, then bytes→bytes. */
    static void validate(List<Codec> codecs, int rank, DataType type) {
        int bytesAt = -1;
        for (int i = 0; i < codecs.size(); i++) {
            Codec c = codecs.get(i);
            if (c == null) {
                throw new IllegalArgumentException("codec " + i + " is null");
            }
            if (c instanceof Codec.Transpose t) {
                if (bytesAt >= 0) {
                    throw new IllegalArgumentException("codec 'transpose' must come before 'bytes'");
                }
                if (t.order().length != rank) {
                    throw new IllegalArgumentException("transpose order " + Arrays.toString(t.order())
                            + " does not match rank " + rank);
                }
            } else if (c instanceof Codec.Bytes) {
                if (bytesAt >= 0) {
                    throw new IllegalArgumentException("codec 'bytes' appears twice");
                }
                bytesAt = i;
            } else if (bytesAt < 0) {
                throw new IllegalArgumentException("codec '" + c.name() + "' must come after 'bytes'");
            }
        }
        if (bytesAt < 0) {
            throw new IllegalArgumentException("codecs have no array-to-bytes codec 'bytes'");
        }
    }

    /**
     * Decodes a stored chunk to {@code chunkBytes} little-endian bytes in {@code order}. Takes ownership of
     * {@code stored} (it may be byte-swapped in place and returned).
     */
    byte[] decode(byte[] stored, Order order) throws CodecException {
        byte[] b = stored;
        for (int k = bytesCodecs.size() - 1; k >= 0; k--) {
            b = decodeBytes(bytesCodecs.get(k), b, decodedSize[k]);
        }
        if (b.length != chunkBytes) {
            throw new CodecException("chunk is " + b.length + " bytes after decoding, expected " + chunkBytes
                    + " (" + Arrays.toString(chunkShape) + " × " + itemSize + " bytes)");
        }
        if (endian == ByteOrder.BIG_ENDIAN && itemSize > 1) {
            swapBytes(b, itemSize); // b is ours: read from the file or made by a decompressor
        }
        return permute(b, storedAxes, target(order));
    }

    /** Encodes a full chunk given as little-endian bytes in {@code order}; never modifies {@code chunk}. */
    byte[] encode(byte[] chunk, Order order) {
        if (chunk.length != chunkBytes) {
            throw new IllegalArgumentException("chunk buffer is " + chunk.length + " bytes, expected " + chunkBytes);
        }
        byte[] b = permute(chunk, target(order), storedAxes);
        if (endian == ByteOrder.BIG_ENDIAN && itemSize > 1) {
            if (b == chunk) {
                b = b.clone();
            }
            swapBytes(b, itemSize);
        }
        for (Codec c : bytesCodecs) {
            b = encodeBytes(c, b);
        }
        return b;
    }

    private int[] target(Order order) {
        int rank = chunkShape.length;
        if (order == Order.C) {
            return identity(rank);
        }
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) {
            r[i] = rank - 1 - i;
        }
        return r;
    }

    private static int[] identity(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * Reorders a chunk stored in C order over axes {@code srcAxes} (logical dimension per axis) into C order over
     * {@code dstAxes}. Returns {@code src} itself when the layouts coincide (axes of extent 1 do not matter).
     */
    private byte[] permute(byte[] src, int[] srcAxes, int[] dstAxes) {
        if (sameLayout(srcAxes, dstAxes)) {
            return src;
        }
        int rank = chunkShape.length;
        long[] strideOfDim = new long[rank];
        long s = itemSize;
        for (int i = rank - 1; i >= 0; i--) {
            strideOfDim[srcAxes[i]] = s;
            s *= chunkShape[srcAxes[i]];
        }
        byte[] dst = new byte[src.length];
        int inner = rank - 1;
        int innerLen = chunkShape[dstAxes[inner]];
        int innerStride = (int) strideOfDim[dstAxes[inner]];
        int[] counter = new int[rank];
        int d = 0;
        int outerCount = src.length / itemSize / innerLen;
        for (int o = 0; o < outerCount; o++) {
            int base = 0;
            for (int j = 0; j < inner; j++) {
                base += counter[j] * (int) strideOfDim[dstAxes[j]];
            }
            for (int k = 0, sp = base; k < innerLen; k++, sp += innerStride) {
                for (int b = 0; b < itemSize; b++) {
                    dst[d++] = src[sp + b];
                }
            }
            for (int j = inner - 1; j >= 0; j--) {
                if (++counter[j] < chunkShape[dstAxes[j]]) {
                    break;
                }
                counter[j] = 0;
            }
        }
        return dst;
    }

    private boolean sameLayout(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.length && chunkShape[a[i]] == 1) {
                i++;
            }
            while (j < b.length && chunkShape[b[j]] == 1) {
                j++;
            }
            if (i == a.length || j == b.length) {
                return i == a.length && j == b.length;
            }
            if (a[i++] != b[j++]) {
                return false;
            }
        }
    }

    private static void swapBytes(byte[] b, int size) {
        for (int i = 0; i + size <= b.length; i += size) {
            for (int lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }

    private static byte[] encodeBytes(Codec c, byte[] in) {
        try {
            if (c instanceof Codec.Gzip g) {
                ByteArrayOutputStream bos = new ByteArrayOutputStream(in.length / 2 + 64);
                try (OutputStream out = new GZIPOutputStream(bos, 1 << 16) {
                    {
                        def.setLevel(g.level());
                    }
                }) {
                    out.write(in);
                }
                return bos.toByteArray();
            }
            if (c instanceof Codec.Zlib z) {
                ByteArrayOutputStream bos = new ByteArrayOutputStream(in.length / 2 + 64);
                Deflater deflater = new Deflater(z.level());
                try (OutputStream out = new DeflaterOutputStream(bos, deflater, 1 << 16)) {
                    out.write(in);
                } finally {
                    deflater.end();
                }
                return bos.toByteArray();
            }
            if (c instanceof Codec.Zstd z) {
                if (!z.checksum()) {
                    return Zstd.compress(in, z.level());
                }
                try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
                    ctx.setLevel(z.level());
                    ctx.setChecksum(true);
                    return ctx.compress(in);
                }
            }
            if (c instanceof Codec.Crc32c) {
                CRC32C crc = new CRC32C();
                crc.update(in, 0, in.length);
                int v = (int) crc.getValue();
                byte[] out = Arrays.copyOf(in, in.length + 4);
                for (int i = 0; i < 4; i++) {
                    out[in.length + i] = (byte) (v >>> (8 * i));
                }
                return out;
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory " + c.name() + " failed", e);
        }
        throw new IllegalStateException("no encoder for " + c);
    }

    private static byte[] decodeBytes(Codec c, byte[] in, int expected) throws CodecException {
        if (c instanceof Codec.Crc32c) {
            if (in.length < 4) {
                throw new CodecException("crc32c: chunk of " + in.length + " bytes is too short for its checksum");
            }
            int n = in.length - 4;
            CRC32C crc = new CRC32C();
            crc.update(in, 0, n);
            int stored = (in[n] & 0xFF) | (in[n + 1] & 0xFF) << 8 | (in[n + 2] & 0xFF) << 16 | (in[n + 3] & 0xFF) << 24;
            if (stored != (int) crc.getValue()) {
                throw new CodecException(String.format("crc32c checksum mismatch: stored %08x, computed %08x",
                        stored, (int) crc.getValue()));
            }
            return Arrays.copyOf(in, n);
        }
        if (c instanceof Codec.Zstd) {
            return expected >= 0 ? zstdKnown(in, expected) : drain(c, in, expected);
        }
        return drain(c, in, expected);
    }

    private static byte[] zstdKnown(byte[] in, int expected) throws CodecException {
        byte[] out = new byte[expected];
        long n;
        try {
            n = Zstd.decompressByteArray(out, 0, expected, in, 0, in.length);
        } catch (RuntimeException e) {
            String msg = e.getMessage();
            if (msg != null && msg.toLowerCase(java.util.Locale.ROOT).contains("too small")) {
                throw new CodecException("zstd: decompresses to more than the expected " + expected + " bytes");
            }
            throw new CodecException("corrupt zstd stream: " + msg, e);
        }
        if (Zstd.isError(n)) {
            String name = Zstd.getErrorName(n);
            if (name.toLowerCase(java.util.Locale.ROOT).contains("too small")) {
                throw new CodecException("zstd: decompresses to more than the expected " + expected + " bytes");
            }
            throw new CodecException("corrupt zstd stream: " + name);
        }
        if (n != expected) {
            throw new CodecException("zstd: decompresses to " + n + " bytes, expected " + expected);
        }
        return out;
    }

    /** Streams a gzip, zlib or zstd payload; with a known size, reads one byte past it to detect excess. */
    private static byte[] drain(Codec c, byte[] in, int expected) throws CodecException {
        try (InputStream is = open(c, new ByteArrayInputStream(in))) {
            if (expected < 0) {
                return is.readAllBytes();
            }
            byte[] out = is.readNBytes(expected);
            if (out.length < expected) {
                throw new CodecException(c.name() + ": decompresses to " + out.length + " bytes, expected "
                        + expected);
            }
            if (is.read() >= 0) {
                throw new CodecException(c.name() + ": decompresses to more than the expected " + expected
                        + " bytes");
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CodecException("corrupt " + c.name() + " stream: " + e, e);
        }
    }

    private static InputStream open(Codec c, InputStream raw) throws IOException {
        if (c instanceof Codec.Gzip) {
            return new GZIPInputStream(raw, 1 << 16);
        }
        if (c instanceof Codec.Zlib) {
            return new InflaterInputStream(raw);
        }
        if (c instanceof Codec.Zstd) {
            return new ZstdInputStream(raw);
        }
        throw new IllegalStateException("no stream decoder for " + c);
    }
}
