package org.zaploop.protocol.archive.zarr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.Zstd;

/** Writes zarr files byte by byte, independently of the reader: test fixtures and the {@link ZarrFuzz} seeds. */
final class HandMade {

    private HandMade() {
    }

    static void text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    static void bytes(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    static String v3(String shape, String dtype, String chunks, String fill, String codecs) {
        return v3(shape, dtype, chunks, fill, codecs, "\"default\", \"configuration\": {\"separator\": \"/\"}");
    }

    static String v3(String shape, String dtype, String chunks, String fill, String codecs, String keyEncoding) {
        return "{\"zarr_format\": 3, \"node_type\": \"array\", \"shape\": " + shape + ", \"data_type\": \"" + dtype
                + "\", \"chunk_grid\": {\"name\": \"regular\", \"configuration\": {\"chunk_shape\": " + chunks
                + "}}, \"chunk_key_encoding\": {\"name\": " + keyEncoding + "}, \"fill_value\": " + fill
                + ", \"codecs\": " + codecs + ", \"attributes\": {}}";
    }

    static String v2(String shape, String chunks, String dtype, String compressor, String fill, String order,
                     String separator) {
        return "{\"zarr_format\": 2, \"shape\": " + shape + ", \"chunks\": " + chunks + ", \"dtype\": \"" + dtype
                + "\", \"compressor\": " + compressor + ", \"fill_value\": " + fill + ", \"order\": \"" + order
                + "\", \"filters\": null" + (separator == null ? "" : ", \"dimension_separator\": \"" + separator
                + "\"") + "}";
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(order);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static byte[] shorts(ByteOrder order, short... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(order);
        b.asShortBuffer().put(v);
        return b.array();
    }

    static byte[] ints(ByteOrder order, int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(order);
        b.asIntBuffer().put(v);
        return b.array();
    }

    static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(order);
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bos)) {
            out.write(raw);
        }
        return bos.toByteArray();
    }

    static byte[] zlib(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bos, new Deflater(6))) {
            out.write(raw);
        }
        return bos.toByteArray();
    }

    static byte[] zstd(byte[] raw) {
        return Zstd.compress(raw, 3);
    }

    /** Values 0, 1, 2 ... as floats with a recognisable fraction. */
    static float value(int i) {
        return i + 0.25f;
    }
}
