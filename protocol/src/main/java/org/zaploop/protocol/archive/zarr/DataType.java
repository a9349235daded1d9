package org.zaploop.protocol.archive.zarr;

import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The numeric zarr data types the archive reads and writes, with their zarr v3 names ({@code uint16}) and zarr
 * v2 type codes ({@code u2}). In memory every type travels in the Java primitive of its width: unsigned values
 * are stored in the signed primitive of the same width ({@code uint16} in {@code short}, read with
 * {@link Short#toUnsignedInt}). Reads and writes no topic or store.
 */
public enum DataType {
    UINT8("uint8", 1, 'u', false),
    INT8("int8", 1, 'i', false),
    UINT16("uint16", 2, 'u', false),
    INT16("int16", 2, 'i', false),
    UINT32("uint32", 4, 'u', false),
    INT32("int32", 4, 'i', false),
    UINT64("uint64", 8, 'u', false),
    INT64("int64", 8, 'i', false),
    FLOAT32("float32", 4, 'f', true),
    FLOAT64("float64", 8, 'f', true);

    private final String v3Name;
    private final int size;
    private final char kind;
    private final boolean floating;

    DataType(String v3Name, int size, char kind, boolean floating) {
        this.v3Name = v3Name;
        this.size = size;
        this.kind = kind;
        this.floating = floating;
    }

    /** The zarr v3 {@code data_type} name. */
    public String v3Name() {
        return v3Name;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    public boolean isFloating() {
        return floating;
    }

    public boolean isUnsigned() {
        return kind == 'u';
    }

    /** The zarr v2 dtype string in the given byte order, e.g. {@code "<f4"}, {@code ">u2"}, {@code "|u1"}. */
    public String v2Name(ByteOrder order) {
        char endian = size == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return "" + endian + kind + size;
    }

    /** The type of a zarr v3 {@code data_type} name, or null if it is not one of these. */
    public static DataType fromV3(String name) {
        for (DataType t : values()) {
            if (t.v3Name.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type of a zarr v2 dtype string such as {@code "<f4"}, or null if it is not a supported numeric type.
     * The byte order is {@link #v2Order}.
     */
    public static DataType fromV2(String dtype) {
        if (dtype == null || dtype.length() != 3 || "<>|=".indexOf(dtype.charAt(0)) < 0) {
            return null;
        }
        char kind = dtype.charAt(1);
        int size = dtype.charAt(2) - '0';
        for (DataType t : values()) {
            if (t.kind == kind && t.size == size) {
                return t;
            }
        }
        return null;
    }

    /** Byte order of a zarr v2 dtype string: {@code '>'} is big-endian, everything else little. */
    public static ByteOrder v2Order(String dtype) {
        return dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Raw little-endian element bits (low {@link #size()} bytes) of a value given as a double. */
    public long bitsOf(double value) {
        return switch (this) {
            case FLOAT32 -> Float.floatToRawIntBits((float) value) & 0xFFFF_FFFFL;
            case FLOAT64 -> Double.doubleToRawLongBits(value);
            default -> {
                if (Double.isNaN(value) || value != Math.rint(value)) {
                    throw new IllegalArgumentException(v3Name + " cannot hold " + value);
                }
                yield integerBits((long) value);
            }
        };
    }

    /** Raw element bits of an integer value, checked against this type's range. */
    public long integerBits(long value) {
        if (floating) {
            return bitsOf((double) value);
        }
        if (size < 8) {
            long min = isUnsigned() ? 0 : -(1L << (size * 8 - 1));
            long max = isUnsigned() ? (1L << (size * 8)) - 1 : (1L << (size * 8 - 1)) - 1;
            if (value < min || value > max) {
                throw new IllegalArgumentException(v3Name + " cannot hold " + value);
            }
            return value & ((1L << (size * 8)) - 1);
        }
        return value;
    }

    /** The value of raw element bits as a double (exact for all types but 64-bit integers beyond 2^53). */
    public double valueOf(long bits) {
        return switch (this) {
            case UINT8 -> bits & 0xFF;
            case INT8 -> (byte) bits;
            case UINT16 -> bits & 0xFFFF;
            case INT16 -> (short) bits;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            case INT32 -> (int) bits;
            case UINT64 -> bits >= 0 ? bits : (bits >>> 1) * 2.0;
            case INT64 -> bits;
            case FLOAT32 -> Float.intBitsToFloat((int) bits);
            case FLOAT64 -> Double.longBitsToDouble(bits);
        };
    }

    @Override
    public String toString() {
        return v3Name.toLowerCase(Locale.ROOT);
    }
}
