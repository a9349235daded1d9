package org.zaploop.protocol.archive.zarr;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One zarr codec of an array's pipeline, in the order of {@code codecs} in {@code zarr.json}: array→array
 * codecs ({@link Transpose}) first, then exactly one array→bytes codec ({@link Bytes}), then bytes→bytes
 * codecs ({@link Gzip}, {@link Zstd}, {@link Crc32c}). {@link Zlib} exists only for zarr v2 compressors and is
 * never written. Sharding and every other codec are rejected by name when metadata is read. Reads and writes
 * no topic or store.
 */
public sealed interface Codec {

    /** The codec's v3 name ({@code "bytes"}, {@code "gzip"}, ...). */
    String name();

    /** {@code transpose}: the stored array's dimension i is the logical array's dimension {@code order[i]}. */
    record Transpose(int[] order) implements Codec {
        public Transpose {
            order = order.clone();
            boolean[] seen = new boolean[order.length];
            for (int d : order) {
                if (d < 0 || d >= order.length || seen[d]) {
                    throw new IllegalArgumentException("transpose order " + Arrays.toString(order)
                            + " is not a permutation of 0.." + (order.length - 1));
                }
                seen[d] = true;
            }
        }

        /** The permutation that reverses {@code rank} dimensions: stores the chunk in Fortran order. */
        public static Transpose reversed(int rank) {
            int[] o = new int[rank];
            for (int i = 0; i < rank; i++) {
                o[i] = rank - 1 - i;
            }
            return new Transpose(o);
        }

        @Override
        public int[] order() {
            return order.clone();
        }

        @Override
        public String name() {
            return "transpose";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Transpose t && Arrays.equals(order, t.order);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(order);
        }

        @Override
        public String toString() {
            return "Transpose" + Arrays.toString(order);
        }
    }

    /** {@code bytes}: elements as fixed-width binary numbers in the given byte order. */
    record Bytes(ByteOrder endian) implements Codec {
        public static final Bytes LITTLE = new Bytes(ByteOrder.LITTLE_ENDIAN);
        public static final Bytes BIG = new Bytes(ByteOrder.BIG_ENDIAN);

        public Bytes {
            if (endian == null) {
                endian = ByteOrder.LITTLE_ENDIAN;
            }
        }

        @Override
        public String name() {
            return "bytes";
        }
    }

    /** {@code gzip} (RFC 1952) at level 0..9. */
    record Gzip(int level) implements Codec {
        public Gzip {
            if (level < 0 || level > 9) {
                throw new IllegalArgumentException("gzip level must be 0..9, got " + level);
            }
        }

        @Override
        public String name() {
            return "gzip";
        }
    }

    /** zlib stream (RFC 1950), zarr v2 compressor {@code "zlib"} only. */
    record Zlib(int level) implements Codec {
        public Zlib {
            if (level < -1 || level > 9) {
                throw new IllegalArgumentException("zlib level must be -1..9, got " + level);
            }
        }

        @Override
        public String name() {
            return "zlib";
        }
    }

    /** {@code zstd} at the given level, with or without the frame content checksum. */
    record Zstd(int level, boolean checksum) implements Codec {
        public Zstd {
            if (level < -131072 || level > 22) {
                throw new IllegalArgumentException("zstd level must be at most 22, got " + level);
            }
        }

        @Override
        public String name() {
            return "zstd";
        }
    }

    /** {@code crc32c}: appends the CRC-32C of the bytes, 4 bytes little-endian. */
    record Crc32c() implements Codec {
        @Override
        public String name() {
            return "crc32c";
        }
    }
}
