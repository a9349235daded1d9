package org.zaploop.protocol.archive.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Writer → reader round trips for every data type and codec, edge chunks, fill values and buffer orders. */
class ZarrRoundTripTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> typesAndCodecs() {
        List<Codec[]> pipelines = List.of(
                new Codec[] {Codec.Bytes.LITTLE},
                new Codec[] {Codec.Bytes.BIG},
                new Codec[] {Codec.Bytes.LITTLE, new Codec.Gzip(1)},
                new Codec[] {Codec.Bytes.BIG, new Codec.Gzip(9)},
                new Codec[] {Codec.Bytes.LITTLE, new Codec.Zstd(1, false)},
                new Codec[] {Codec.Bytes.LITTLE, new Codec.Zstd(5, true), new Codec.Crc32c()},
                new Codec[] {new Codec.Transpose(new int[] {2, 0, 1}), Codec.Bytes.BIG, new Codec.Zstd(3, false)},
                new Codec[] {Codec.Transpose.reversed(3), Codec.Bytes.LITTLE, new Codec.Crc32c(),
                    new Codec.Gzip(5)},
                new Codec[] {Codec.Bytes.LITTLE, new Codec.Gzip(1), new Codec.Zstd(1, false)});
        List<Arguments> args = new ArrayList<>();
        for (DataType t : DataType.values()) {
            for (Codec[] p : pipelines) {
                args.add(Arguments.of(t, p));
            }
        }
        return args.stream();
    }

    /** Random bits of the type's width, as the long element value. */
    private static long[] randomBits(DataType t, int n, long seed) {
        Random r = new Random(seed);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            long x = r.nextLong();
            v[i] = t.size() == 8 ? x : x & ((1L << (8 * t.size())) - 1);
            if (t == DataType.FLOAT32) {
                v[i] = Float.floatToRawIntBits(r.nextFloat() * 100 - 50) & 0xFFFF_FFFFL;
            } else if (t == DataType.FLOAT64) {
                v[i] = Double.doubleToRawLongBits(r.nextGaussian() * 1e6);
            }
        }
        return v;
    }

    private static Object typed(DataType t, long[] bits) {
        int n = bits.length;
        switch (t.size()) {
            case 1: {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) bits[i];
                }
                return a;
            }
            case 2: {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) bits[i];
                }
                return a;
            }
            case 4:
                if (t.isFloating()) {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = Float.intBitsToFloat((int) bits[i]);
                    }
                    return a;
                } else {
                    int[] a = new int[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = (int) bits[i];
                    }
                    return a;
                }
            default:
                if (t.isFloating()) {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = Double.longBitsToDouble(bits[i]);
                    }
                    return a;
                }
                return bits.clone();
        }
    }

    private static void write(ZarrArray z, long[] off, int[] shape, Object src, Order o) throws Exception {
        if (src instanceof byte[] a) {
            z.writeByte(off, shape, a, o);
        } else if (src instanceof short[] a) {
            z.writeShort(off, shape, a, o);
        } else if (src instanceof int[] a) {
            z.writeInt(off, shape, a, o);
        } else if (src instanceof long[] a) {
            z.writeLong(off, shape, a, o);
        } else if (src instanceof float[] a) {
            z.writeFloat(off, shape, a, o);
        } else {
            z.writeDouble(off, shape, (double[]) src, o);
        }
    }

    private static Object read(ZarrArray z, long[] off, int[] shape, Object like, Order o) throws Exception {
        int n = java.lang.reflect.Array.getLength(like);
        if (like instanceof byte[]) {
            byte[] a = new byte[n];
            z.readByte(off, shape, a, o);
            return a;
        } else if (like instanceof short[]) {
            short[] a = new short[n];
            z.readShort(off, shape, a, o);
            return a;
        } else if (like instanceof int[]) {
            int[] a = new int[n];
            z.readInt(off, shape, a, o);
            return a;
        } else if (like instanceof long[]) {
            long[] a = new long[n];
            z.readLong(off, shape, a, o);
            return a;
        } else if (like instanceof float[]) {
            float[] a = new float[n];
            z.readFloat(off, shape, a, o);
            return a;
        }
        double[] a = new double[n];
        z.readDouble(off, shape, a, o);
        return a;
    }

    private static void assertSame(Object expected, Object actual) {
        // compare bit patterns through a byte view, so NaN payloads count too
        assertArrayEquals(bytesOf(expected), bytesOf(actual));
    }

    private static byte[] bytesOf(Object a) {
        int n = java.lang.reflect.Array.getLength(a);
        ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (a instanceof byte[] x) {
            b.put(x);
        } else if (a instanceof short[] x) {
            b.asShortBuffer().put(x);
        } else if (a instanceof int[] x) {
            b.asIntBuffer().put(x);
        } else if (a instanceof long[] x) {
            b.asLongBuffer().put(x);
        } else if (a instanceof float[] x) {
            b.asFloatBuffer().put(x);
        } else {
            b.asDoubleBuffer().put((double[]) a);
        }
        return b.array();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typesAndCodecs")
    void everyTypeAndCodecRoundTripsWithEdgeChunks(DataType t, Codec[] codecs) throws Exception {
        long[] shape = {7, 5, 3}; // chunks [3, 2, 2]: edge chunks in every dimension
        ArraySpec spec = ArraySpec.of(t, shape, new int[] {3, 2, 2}).withCodecs(codecs)
                .withFillBits(t.integerBits(t.isFloating() ? 0 : 3));
        Path dir = tmp.resolve("a");
        ZarrArray.create(dir, spec);
        ZarrArray z = ZarrArray.open(dir);
        assertEquals(spec, z.spec());
        int n = 7 * 5 * 3;
        Object data = typed(t, randomBits(t, n, t.ordinal()));
        write(z, new long[3], new int[] {7, 5, 3}, data, Order.C);
        assertSame(data, read(z, new long[3], new int[] {7, 5, 3}, data, Order.C));

        // an unaligned interior region, in both orders, against the C-order source
        long[] off = {2, 1, 1};
        int[] sub = {4, 3, 2};
        Object c = read(z, off, sub, typed(t, new long[24]), Order.C);
        Object f = read(z, off, sub, typed(t, new long[24]), Order.F);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    int src = ((i + 2) * 5 + (j + 1)) * 3 + (k + 1);
                    Object e = java.lang.reflect.Array.get(data, src);
                    assertEquals(e, java.lang.reflect.Array.get(c, (i * 3 + j) * 2 + k));
                    assertEquals(e, java.lang.reflect.Array.get(f, i + 4 * (j + 3 * k)));
                }
            }
        }

        // partial overwrite in F order; the rest keeps its values
        Object patch = typed(t, randomBits(t, 24, 99));
        write(z, off, sub, patch, Order.F);
        Object again = read(z, off, sub, typed(t, new long[24]), Order.F);
        assertSame(patch, again);
        Object corner = read(z, new long[] {0, 0, 0}, new int[] {1, 1, 1}, typed(t, new long[1]), Order.C);
        assertEquals(java.lang.reflect.Array.get(data, 0), java.lang.reflect.Array.get(corner, 0));
    }

    @Test
    void missingChunksReadAsFillIncludingNaN() throws Exception {
        ZarrArray z = ZarrArray.create(tmp.resolve("nan"),
                ArraySpec.of(DataType.FLOAT32, new long[] {4, 4}, new int[] {2, 2}).withFill(Float.NaN));
        z.writeFloat(new long[] {0, 0}, new int[] {2, 2}, new float[] {1, 2, 3, 4}, Order.C);
        float[] all = new float[16];
        z.readFloat(new long[] {0, 0}, new int[] {4, 4}, all);
        assertEquals(1f, all[0]);
        assertEquals(4f, all[5]);
        assertTrue(Float.isNaN(all[2]) && Float.isNaN(all[15]));
        assertTrue(z.chunkExists(0, 0));
        assertFalse(z.chunkExists(1, 1));
        String json = Files.readString(tmp.resolve("nan/zarr.json"));
        assertTrue(json.contains("\"fill_value\" : \"NaN\""), json);

        ZarrArray u = ZarrArray.create(tmp.resolve("u32"),
                ArraySpec.of(DataType.UINT32, new long[] {3}, new int[] {2}).withFill(4_000_000_000.0));
        int[] v = new int[3];
        u.readInt(new long[] {0}, new int[] {3}, v);
        assertEquals(4_000_000_000L, Integer.toUnsignedLong(v[2]));
        assertEquals(4_000_000_000.0, ZarrArray.open(tmp.resolve("u32")).spec().fillValue());

        ZarrArray inf = ZarrArray.create(tmp.resolve("inf"),
                ArraySpec.of(DataType.FLOAT64, new long[] {1}, new int[] {1}).withFill(Double.POSITIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, ZarrArray.open(inf.path()).spec().fillValue());
        ZarrArray payload = ZarrArray.create(tmp.resolve("payload"),
                ArraySpec.of(DataType.FLOAT32, new long[] {1}, new int[] {1}).withFillBits(0x7fc00001L));
        assertEquals(0x7fc00001L, ZarrArray.open(payload.path()).spec().fillBits());
    }

    @Test
    void wholeChunkBuffersInFortranOrderSkipTheTransposeTwice() throws Exception {
        // a [x, y, z, t] uint16 volume stored plane by plane, transposed so the file bytes are x-fastest
        ArraySpec spec = ArraySpec.of(DataType.UINT16, new long[] {6, 4, 2, 3}, new int[] {6, 4, 1, 1})
                .withCodecs(Codec.Transpose.reversed(4), Codec.Bytes.LITTLE);
        ZarrArray z = ZarrArray.create(tmp.resolve("raw"), spec);
        short[] plane = new short[24];
        for (int i = 0; i < 24; i++) {
            plane[i] = (short) (1000 + i); // index x + 6*y
        }
        z.writeShort(new long[] {0, 0, 1, 2}, new int[] {6, 4, 1, 1}, plane, Order.F);
        // the stored bytes are the plane, x fastest, as a numpy .T / Fortran reader expects
        byte[] stored = Files.readAllBytes(z.chunkPath(0, 0, 1, 2));
        short[] file = new short[24];
        ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(file);
        assertArrayEquals(plane, file);
        short[] back = new short[24];
        z.readShort(new long[] {0, 0, 1, 2}, new int[] {6, 4, 1, 1}, back, Order.F);
        assertArrayEquals(plane, back);
        short[] c = new short[24];
        z.readShort(new long[] {0, 0, 1, 2}, new int[] {6, 4, 1, 1}, c, Order.C);
        assertEquals(1000 + 1 + 6 * 0, c[1 * 4 + 0]); // C order: y fastest, element (x=1, y=0)
        assertEquals(1000 + 2 + 6 * 3, c[2 * 4 + 3]);
    }

    @Test
    void metadataRoundTripsAttributesNamesAndKeyEncodings() throws Exception {
        ArraySpec spec = ArraySpec.of(DataType.INT16, new long[] {5, 2}, new int[] {2, 2})
                .withKeyEncoding(ChunkKeyEncoding.DEFAULT_DOT).withDimensionNames("t", "neuron")
                .withAttributes(Map.of("units", "dF/F", "n", 3)).withFill(-1);
        ZarrArray z = ZarrArray.create(tmp.resolve("m"), spec);
        z.writeShort(new long[] {4, 0}, new int[] {1, 2}, new short[] {8, 9}, Order.C);
        assertTrue(Files.isRegularFile(tmp.resolve("m/c.2.0")));
        ZarrArray back = ZarrArray.open(tmp.resolve("m"));
        assertEquals(spec, back.spec());
        short[] s = new short[10];
        back.readShort(new long[] {0, 0}, new int[] {5, 2}, s);
        assertArrayEquals(new short[] {-1, -1, -1, -1, -1, -1, -1, -1, 8, 9}, s);
        ZarrArray grown = back.resize(9, 2);
        assertArrayEquals(new long[] {9, 2}, ZarrArray.open(tmp.resolve("m")).shape());
        assertEquals(-1, grown.spec().fillValue());

        ZarrGroup g = ZarrGroup.create(tmp.resolve("g"), Map.of("session", "s1"));
        assertEquals("s1", ZarrGroup.open(g.path()).attributes().path("session").asText());
        assertTrue(ZarrGroup.exists(g.path()));
        assertFalse(ZarrGroup.exists(tmp.resolve("m")));
    }

    @Test
    void rawByteChunksAreLittleEndianInTheCallersOrder() throws Exception {
        ZarrArray z = ZarrArray.create(tmp.resolve("b"),
                ArraySpec.of(DataType.FLOAT32, new long[] {2, 2}, new int[] {2, 2}).withCodecs(Codec.Bytes.BIG,
                        new Codec.Zstd(1, true)));
        byte[] src = HandMade.floats(ByteOrder.LITTLE_ENDIAN, 1f, 2f, 3f, 4f);
        z.writeChunk(new long[] {0, 0}, src, Order.C);
        byte[] f = new byte[16];
        assertTrue(z.readChunk(new long[] {0, 0}, f, Order.F));
        assertArrayEquals(HandMade.floats(ByteOrder.LITTLE_ENDIAN, 1f, 3f, 2f, 4f), f);
        float[] typed = new float[4];
        z.readChunk(new long[] {0, 0}, typed, Order.C);
        assertArrayEquals(new float[] {1, 2, 3, 4}, typed);
    }
}
