package org.zaploop.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.zaploop.protocol.records.Limits;

/**
 * Writes the common binary layout into one exactly-sized array: the codec states the header's strings and
 * fixed bytes and the array bytes up front, so nothing is resized or copied, and {@link #toBytes} verifies the
 * codec wrote exactly what it announced.
 */
final class BinaryWriter {

    private final ByteBuffer buf;

    private BinaryWriter(ByteBuffer buf) {
        this.buf = buf;
    }

    /**
     * Starts a record whose header holds the given strings and {@code fixedBytes} of fixed fields, followed by
     * {@code arrayBytes} of arrays. The strings are written first, in order.
     */
    static BinaryWriter start(String magic, long fixedBytes, long arrayBytes, String... strings) {
        byte[][] utf8 = new byte[strings.length][];
        long header = BinaryReader.PREAMBLE_BYTES + fixedBytes;
        for (int i = 0; i < strings.length; i++) {
            utf8[i] = strings[i].getBytes(StandardCharsets.UTF_8);
            if (utf8[i].length > Limits.MAX_STRING_BYTES) {
                throw new IllegalArgumentException(magic + ": string of " + utf8[i].length + " bytes exceeds "
                        + Limits.MAX_STRING_BYTES);
            }
            header += 2 + utf8[i].length;
        }
        if (header > 0xFFFF || header + arrayBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(magic + ": record too large to encode");
        }
        ByteBuffer b = ByteBuffer.allocate((int) (header + arrayBytes)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) Limits.FORMAT_VERSION);
        b.putShort((short) header);
        for (byte[] s : utf8) {
            b.putShort((short) s.length);
            b.put(s);
        }
        return new BinaryWriter(b);
    }

    BinaryWriter u8(int v) {
        buf.put((byte) v);
        return this;
    }

    BinaryWriter i32(int v) {
        buf.putInt(v);
        return this;
    }

    BinaryWriter i64(long v) {
        buf.putLong(v);
        return this;
    }

    BinaryWriter f32(float v) {
        buf.putFloat(v);
        return this;
    }

    BinaryWriter f64(double v) {
        buf.putDouble(v);
        return this;
    }

    BinaryWriter shorts(short[] a) {
        buf.asShortBuffer().put(a);
        buf.position(buf.position() + 2 * a.length);
        return this;
    }

    BinaryWriter ints(int[] a) {
        buf.asIntBuffer().put(a);
        buf.position(buf.position() + 4 * a.length);
        return this;
    }

    BinaryWriter floats(float[] a) {
        buf.asFloatBuffer().put(a);
        buf.position(buf.position() + 4 * a.length);
        return this;
    }

    byte[] toBytes() {
        if (buf.hasRemaining()) {
            throw new IllegalStateException("codec bug: " + buf.remaining() + " announced bytes not written");
        }
        return buf.array();
    }
}
