package org.zaploop.protocol.archive.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrays written by hand (metadata text and chunk bytes) read back through {@link ZarrArray}. */
class ZarrHandMadeReadTest {

    @TempDir
    Path tmp;

    /** A [5, 3] float32 array in [2, 2] chunks: values v[i][j] = i*3 + j + 0.25; chunk bytes built here. */
    private static float[] chunk2x2(int ci, int cj, float fill) {
        float[] c = new float[4];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                int i = ci * 2 + a;
                int j = cj * 2 + b;
                c[a * 2 + b] = i < 5 && j < 3 ? HandMade.value(i * 3 + j) : fill;
            }
        }
        return c;
    }

    private static float[] expected5x3() {
        float[] e = new float[15];
        for (int i = 0; i < 15; i++) {
            e[i] = HandMade.value(i);
        }
        return e;
    }

    @Test
    void v3LittleEndianUncompressedWithPartialEdgeChunks() throws Exception {
        Path a = tmp.resolve("a");
        HandMade.text(a.resolve("zarr.json"), HandMade.v3("[5, 3]", "float32", "[2, 2]", "0.0",
                "[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]"));
        for (int ci = 0; ci < 3; ci++) {
            for (int cj = 0; cj < 2; cj++) {
                HandMade.bytes(a.resolve("c/" + ci + "/" + cj), HandMade.floats(ByteOrder.LITTLE_ENDIAN,
                        chunk2x2(ci, cj, -7f)));
            }
        }
        ZarrArray z = ZarrArray.open(a);
        assertEquals(DataType.FLOAT32, z.dataType());
        float[] all = new float[15];
        z.readFloat(new long[] {0, 0}, new int[] {5, 3}, all);
        assertArrayEquals(expected5x3(), all);
        float[] part = new float[4];
        z.readFloat(new long[] {3, 1}, new int[] {2, 2}, part);
        assertArrayEquals(new float[] {HandMade.value(10), HandMade.value(11), HandMade.value(13),
            HandMade.value(14)}, part);
        float[] f = new float[15];
        z.readFloat(new long[] {0, 0}, new int[] {5, 3}, f, Order.F);
        assertEquals(HandMade.value(1 * 3 + 0), f[1]);
        assertEquals(HandMade.value(0 * 3 + 1), f[5]);
    }

    @Test
    void v3BigEndianGzip() throws Exception {
        Path a = tmp.resolve("b");
        HandMade.text(a.resolve("zarr.json"), HandMade.v3("[5, 3]", "float32", "[2, 2]", "\"NaN\"",
                "[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"big\"}},"
                        + " {\"name\": \"gzip\", \"configuration\": {\"level\": 6}}]"));
        for (int ci = 0; ci < 3; ci++) {
            for (int cj = 0; cj < 2; cj++) {
                if (ci == 1 && cj == 1) {
                    continue; // missing: reads as NaN
                }
                HandMade.bytes(a.resolve("c/" + ci + "/" + cj),
                        HandMade.gzip(HandMade.floats(ByteOrder.BIG_ENDIAN, chunk2x2(ci, cj, 0f))));
            }
        }
        ZarrArray z = ZarrArray.open(a);
        float[] all = new float[15];
        z.readFloat(new long[] {0, 0}, new int[] {5, 3}, all);
        float[] e = expected5x3();
        e[2 * 3 + 2] = Float.NaN;
        e[3 * 3 + 2] = Float.NaN;
        assertArrayEquals(e, all);
        assertTrue(Double.isNaN(z.spec().fillValue()));
    }

    @Test
    void v3Zstd_uint16_dotSeparator_andTranspose() throws Exception {
        Path a = tmp.resolve("c");
        // logical [4, 3] uint16, one chunk [4, 3], stored transposed (order [1, 0]) = Fortran order
        HandMade.text(a.resolve("zarr.json"), HandMade.v3("[4, 3]", "uint16", "[4, 3]", "0",
                "[{\"name\": \"transpose\", \"configuration\": {\"order\": [1, 0]}},"
                        + " {\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}},"
                        + " {\"name\": \"zstd\", \"configuration\": {\"level\": 3, \"checksum\": false}}]",
                "\"default\", \"configuration\": {\"separator\": \".\"}"));
        short[] fortran = new short[12];
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 4; i++) {
                fortran[j * 4 + i] = (short) (60000 + i * 3 + j);
            }
        }
        HandMade.bytes(a.resolve("c.0.0"), HandMade.zstd(HandMade.shorts(ByteOrder.LITTLE_ENDIAN, fortran)));
        ZarrArray z = ZarrArray.open(a);
        short[] c = new short[12];
        z.readShort(new long[] {0, 0}, new int[] {4, 3}, c);
        for (int k = 0; k < 12; k++) {
            assertEquals(60000 + k, Short.toUnsignedInt(c[k]));
        }
        short[] f = new short[12];
        assertTrue(z.readChunk(new long[] {0, 0}, f, Order.F));
        assertArrayEquals(fortran, f);
    }

    @Test
    void v3Int32WithCrc32cAndBigEndianFloat64() throws Exception {
        Path a = tmp.resolve("d");
        HandMade.text(a.resolve("zarr.json"), HandMade.v3("[3]", "float64", "[3]", "\"-Infinity\"",
                "[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"big\"}}]"));
        HandMade.bytes(a.resolve("c/0"), HandMade.doubles(ByteOrder.BIG_ENDIAN, 1.5, -2.25, 1e300));
        double[] d = new double[3];
        ZarrArray.open(a).readDouble(new long[] {0}, new int[] {3}, d);
        assertArrayEquals(new double[] {1.5, -2.25, 1e300}, d);
        assertEquals(Double.NEGATIVE_INFINITY, ZarrArray.open(a).spec().fillValue());
    }

    @Test
    void v2LittleFloat32Gzip() throws Exception {
        Path a = tmp.resolve("v2f");
        HandMade.text(a.resolve(".zarray"), HandMade.v2("[5, 3]", "[2, 2]", "<f4", "{\"id\": \"gzip\", \"level\": 1}",
                "\"NaN\"", "C", null));
        HandMade.text(a.resolve(".zattrs"), "{\"note\": \"stimuli\"}");
        for (int ci = 0; ci < 3; ci++) {
            for (int cj = 0; cj < 2; cj++) {
                HandMade.bytes(a.resolve(ci + "." + cj),
                        HandMade.gzip(HandMade.floats(ByteOrder.LITTLE_ENDIAN, chunk2x2(ci, cj, 0f))));
            }
        }
        ZarrArray z = ZarrArray.open(a);
        assertEquals(2, z.zarrFormat());
        assertEquals("stimuli", z.spec().attributes().get("note"));
        float[] all = new float[15];
        z.readFloat(new long[] {0, 0}, new int[] {5, 3}, all);
        assertArrayEquals(expected5x3(), all);
    }

    @Test
    void v2BigEndianUint16ZstdSlashSeparator_andZlib_andNull() throws Exception {
        Path a = tmp.resolve("v2u");
        HandMade.text(a.resolve(".zarray"), HandMade.v2("[3, 2]", "[2, 2]", ">u2", "{\"id\": \"zstd\", \"level\": 1}",
                "7", "C", "/"));
        HandMade.bytes(a.resolve("0/0"), HandMade.zstd(HandMade.shorts(ByteOrder.BIG_ENDIAN,
                (short) 1, (short) 2, (short) 40000, (short) 4)));
        // chunk 1/0 missing -> fill 7
        short[] s = new short[6];
        ZarrArray.open(a).readShort(new long[] {0, 0}, new int[] {3, 2}, s);
        assertArrayEquals(new short[] {1, 2, (short) 40000, 4, 7, 7}, s);

        Path b = tmp.resolve("v2z");
        HandMade.text(b.resolve(".zarray"), HandMade.v2("[2, 2]", "[2, 2]", "<i4", "{\"id\": \"zlib\", \"level\": 6}",
                "0", "F", "."));
        HandMade.bytes(b.resolve("0.0"), HandMade.zlib(HandMade.ints(ByteOrder.LITTLE_ENDIAN, 1, 3, 2, 4)));
        int[] i = new int[4];
        ZarrArray.open(b).readInt(new long[] {0, 0}, new int[] {2, 2}, i);
        assertArrayEquals(new int[] {1, 2, 3, 4}, i);

        Path c = tmp.resolve("v2n");
        HandMade.text(c.resolve(".zarray"), HandMade.v2("[4]", "[4]", "|u1", "null", "null", "C", null));
        HandMade.bytes(c.resolve("0"), new byte[] {1, (byte) 200, 3, 4});
        byte[] u = new byte[4];
        ZarrArray.open(c).readByte(new long[] {0}, new int[] {4}, u);
        assertEquals(200, Byte.toUnsignedInt(u[1]));
        assertFalse(ZarrArray.open(c).chunkExists(1));
    }

    @Test
    void v3ZeroDimensionalAndV2ChunkKeyEncoding() throws Exception {
        Path a = tmp.resolve("scalar");
        HandMade.text(a.resolve("zarr.json"), HandMade.v3("[]", "int32", "[]", "42",
                "[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]"));
        int[] v = new int[1];
        ZarrArray.open(a).readInt(new long[0], new int[0], v);
        assertEquals(42, v[0]);
        HandMade.bytes(a.resolve("c"), HandMade.ints(ByteOrder.LITTLE_ENDIAN, -5));
        ZarrArray.open(a).readInt(new long[0], new int[0], v);
        assertEquals(-5, v[0]);

        Path b = tmp.resolve("v2keys");
        HandMade.text(b.resolve("zarr.json"), HandMade.v3("[2, 2]", "int16", "[1, 2]", "0",
                "[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]", "\"v2\""));
        HandMade.bytes(b.resolve("1.0"), HandMade.shorts(ByteOrder.LITTLE_ENDIAN, (short) -3, (short) 9));
        short[] s = new short[4];
        ZarrArray.open(b).readShort(new long[] {0, 0}, new int[] {2, 2}, s);
        assertArrayEquals(new short[] {0, 0, -3, 9}, s);
    }
}
