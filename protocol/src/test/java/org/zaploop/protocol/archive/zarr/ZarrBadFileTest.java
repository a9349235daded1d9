package org.zaploop.protocol.archive.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.zaploop.protocol.archive.ArchiveFormatException;

/** Every kind of bad file gives an {@link ArchiveFormatException} naming the file and the problem. */
class ZarrBadFileTest {

    private static final String BYTES_LE = "{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}";

    @TempDir
    Path tmp;

    private ArchiveFormatException openFails(Path dir) {
        return assertThrows(ArchiveFormatException.class, () -> ZarrArray.open(dir));
    }

    private static void assertNames(ArchiveFormatException e, Path file, String problem) {
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
        assertEquals(file, e.file());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"zarr_format\": 3, \"node_type\": | malformed JSON",
        "[1, 2] | expected a JSON object",
        "{\"zarr_format\": 2, \"node_type\": \"array\"} | zarr_format is 2, expected 3",
        "{\"zarr_format\": 3, \"node_type\": \"group\"} | node_type is 'group', expected 'array'",
        "{\"zarr_format\": 3, \"node_type\": \"array\", \"data_type\": \"float32\"} | missing field 'shape'",
    })
    void malformedMetadata(String json, String problem) throws Exception {
        Path a = tmp.resolve("a");
        HandMade.text(a.resolve("zarr.json"), json);
        assertNames(openFails(a), a.resolve("zarr.json"), problem);
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource(delimiter = '|', value = {
        "[4] | complex64 | [4] | [BYTES] | unsupported data_type 'complex64'",
        "[4] | float32 | [4, 1] | [BYTES] | different rank",
        "[4] | float32 | [0] | [BYTES] | chunk_shape has an extent 0",
        "[4] | float32 | [4] | [BYTES, {\"name\": \"blosc\", \"configuration\": {}}] | unsupported codec 'blosc'",
        "[4] | float32 | [4] | [{\"name\": \"sharding_indexed\", \"configuration\": {}}] | codec 'sharding_indexed' is not supported",
        "[4] | float32 | [4] | [{\"name\": \"bytes\"}] | needs configuration.endian",
        "[4] | float32 | [4] | [{\"name\": \"bytes\", \"configuration\": {\"endian\": \"middle\"}}] | endian must be",
        "[4] | float32 | [4] | [{\"name\": \"gzip\", \"configuration\": {\"level\": 1}}] | must come after 'bytes'",
        "[4] | float32 | [4] | [] | no array-to-bytes codec",
        "[4] | float32 | [4] | [BYTES, {\"name\": \"transpose\", \"configuration\": {\"order\": [0]}}] | must come before 'bytes'",
        "[4, 2] | float32 | [4, 2] | [{\"name\": \"transpose\", \"configuration\": {\"order\": [0, 0]}}, BYTES] | not a permutation",
        "[4] | float32 | [4] | [BYTES, {\"name\": \"gzip\", \"configuration\": {\"level\": 12}}] | gzip level must be 0..9",
    })
    void unsupportedOrInvalidArrays(String shape, String dtype, String chunks, String codecs, String problem)
            throws Exception {
        Path a = tmp.resolve("a");
        HandMade.text(a.resolve("zarr.json"), HandMade.v3(shape, dtype, chunks, "0", codecs.replace("BYTES",
                BYTES_LE)));
        assertNames(openFails(a), a.resolve("zarr.json"), problem);
    }

    @Test
    void fillValuesAndExtensionFields() throws Exception {
        Path a = tmp.resolve("a");
        HandMade.text(a.resolve("zarr.json"), HandMade.v3("[4]", "uint8", "[4]", "300", "[" + BYTES_LE + "]"));
        assertNames(openFails(a), a.resolve("zarr.json"), "fill_value 300");
        HandMade.text(a.resolve("zarr.json"), HandMade.v3("[4]", "int32", "[4]", "\"NaN\"", "[" + BYTES_LE + "]"));
        assertNames(openFails(a), a.resolve("zarr.json"), "is not a valid int32");
        String ok = HandMade.v3("[4]", "uint8", "[4]", "1", "[{\"name\": \"bytes\"}]");
        HandMade.text(a.resolve("zarr.json"), ok.replace("\"attributes\"",
                "\"my_ext\": {\"must_understand\": false}, \"attributes\""));
        assertEquals(1.0, ZarrArray.open(a).spec().fillValue());
        HandMade.text(a.resolve("zarr.json"), ok.replace("\"attributes\"", "\"my_ext\": {}, \"attributes\""));
        assertNames(openFails(a), a.resolve("zarr.json"), "unknown metadata field 'my_ext'");
        HandMade.text(a.resolve("zarr.json"), ok.replace("\"attributes\"",
                "\"storage_transformers\": [{\"name\": \"x\"}], \"attributes\""));
        assertNames(openFails(a), a.resolve("zarr.json"), "storage_transformers are not supported");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [4], \"dtype\": \"<f4\", \"compressor\": {\"id\": \"blosc\"}, \"fill_value\": 0, \"order\": \"C\", \"filters\": null} | unsupported compressor 'blosc'",
        "{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [4], \"dtype\": \"<f4\", \"compressor\": null, \"fill_value\": 0, \"order\": \"C\", \"filters\": [{\"id\": \"delta\"}]} | unsupported filter 'delta'",
        "{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [4], \"dtype\": \"<c8\", \"compressor\": null, \"fill_value\": 0, \"order\": \"C\", \"filters\": null} | unsupported dtype '<c8'",
        "{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [4], \"dtype\": [[\"a\", \"<f4\"]], \"compressor\": null, \"fill_value\": 0, \"order\": \"C\", \"filters\": null} | structured dtypes are not supported",
        "{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [4], \"dtype\": \"<f4\", \"compressor\": null, \"fill_value\": 0, \"order\": \"K\", \"filters\": null} | order must be 'C' or 'F'",
        "{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [4], \"dtype\": \"<f4\", \"compressor\": null, \"fill_value\": 0, \"order\": \"C\", \"filters\": null, \"dimension_separator\": \"-\"} | dimension_separator must be",
        "{\"zarr_format\": 3, \"shape\": [4]} | zarr_format is 3, expected 2",
    })
    void badV2Arrays(String json, String problem) throws Exception {
        Path a = tmp.resolve("v2");
        HandMade.text(a.resolve(".zarray"), json);
        assertNames(openFails(a), a.resolve(".zarray"), problem);
    }

    @Test
    void notAnArray() {
        assertNames(openFails(tmp), tmp, "neither zarr.json nor .zarray");
        assertThrows(ArchiveFormatException.class, () -> ZarrGroup.open(tmp));
    }

    private ZarrArray array(String name, String codecs) throws Exception {
        Path a = tmp.resolve(name);
        HandMade.text(a.resolve("zarr.json"), HandMade.v3("[2, 2]", "float32", "[2, 2]", "0", codecs));
        return ZarrArray.open(a);
    }

    private void readFails(ZarrArray z, String problem) {
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> z.readFloat(new long[] {0, 0}, new int[] {2, 2}, new float[4]));
        assertNames(e, z.chunkPath(0, 0), problem);
        assertTrue(e.getMessage().contains("chunk c/0/0 of " + z.path().getFileName()), e.getMessage());
    }

    @Test
    void badChunks() throws Exception {
        byte[] good = HandMade.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4);

        ZarrArray raw = array("raw", "[" + BYTES_LE + "]");
        HandMade.bytes(raw.chunkPath(0, 0), Arrays.copyOf(good, 12));
        readFails(raw, "chunk is 12 bytes after decoding, expected 16");
        HandMade.bytes(raw.chunkPath(0, 0), Arrays.copyOf(good, 20));
        readFails(raw, "chunk is 20 bytes after decoding, expected 16");

        ZarrArray gz = array("gz", "[" + BYTES_LE + ", {\"name\": \"gzip\", \"configuration\": {\"level\": 1}}]");
        byte[] g = HandMade.gzip(good);
        g[g.length / 2] ^= 0x5A;
        HandMade.bytes(gz.chunkPath(0, 0), g);
        readFails(gz, "corrupt gzip stream");
        HandMade.bytes(gz.chunkPath(0, 0), HandMade.gzip(Arrays.copyOf(good, 8)));
        readFails(gz, "gzip: decompresses to 8 bytes, expected 16");
        HandMade.bytes(gz.chunkPath(0, 0), new byte[] {1, 2, 3});
        readFails(gz, "corrupt gzip stream");

        ZarrArray zs = array("zs", "[" + BYTES_LE + ", {\"name\": \"zstd\", \"configuration\": {\"level\": 1}}]");
        HandMade.bytes(zs.chunkPath(0, 0), new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 9, 9, 9});
        readFails(zs, "corrupt zstd stream");
        HandMade.bytes(zs.chunkPath(0, 0), HandMade.zstd(new byte[64]));
        readFails(zs, "zstd: decompresses to more than the expected 16 bytes");
        HandMade.bytes(zs.chunkPath(0, 0), HandMade.zstd(new byte[4]));
        readFails(zs, "zstd: decompresses to 4 bytes, expected 16");

        ZarrArray crc = array("crc", "[" + BYTES_LE + ", {\"name\": \"crc32c\"}]");
        HandMade.bytes(crc.chunkPath(0, 0), Arrays.copyOf(good, 20));
        readFails(crc, "crc32c checksum mismatch");
    }

    @Test
    void missingChunkInsideTheRecordedRangeIsAnError() throws Exception {
        ZarrArray t = ZarrArray.create(tmp.resolve("traces"),
                ArraySpec.of(DataType.FLOAT32, new long[] {7000, 600}, new int[] {512, 512}));
        ZarrArray strict = t.requireWritten(0, 6145, "frame");
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> strict.readFloat(new long[] {6144, 0}, new int[] {1, 1}, new float[1]));
        assertEquals(t.chunkPath(12, 0) + ": chunk c/12/0 of traces is missing although frame 6144 was recorded",
                e.getMessage());
        // past the recorded range a missing chunk is fill, as the spec says
        float[] one = new float[1];
        strict.readFloat(new long[] {6656, 0}, new int[] {1, 1}, one);
        assertEquals(0f, one[0]);
    }

    @Test
    void wrongBufferTypeOrSizeIsTheCallersError() throws Exception {
        ZarrArray z = ZarrArray.create(tmp.resolve("u16"),
                ArraySpec.of(DataType.UINT16, new long[] {4}, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> z.readFloat(new long[] {0}, new int[] {4}, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> z.readShort(new long[] {0}, new int[] {4}, new short[3]));
        assertThrows(IndexOutOfBoundsException.class,
                () -> z.readShort(new long[] {3}, new int[] {2}, new short[2]));
        assertThrows(IndexOutOfBoundsException.class, () -> z.readChunk(new long[] {2}, new short[2], Order.C));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> ZarrArray.create(z.path(), z.spec()));
    }
}
