package org.zaploop.protocol.codec;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.zaploop.protocol.records.Limits;

/**
 * Reads the common binary layout (WIRE-FORMAT.md, "Binary records"): preamble (magic, version, header length),
 * header fields, arrays. Every check a decoder needs is written here once: the header cannot be overrun, a
 * string is bounded and valid UTF-8, a count is in its documented range, the array bytes the header claims are
 * exactly the bytes present, all before anything is allocated.
 */
final class BinaryReader {

    static final int PREAMBLE_BYTES = 8;

    private final String format;
    private final ByteBuffer buf;
    private final int headerEnd;

    private BinaryReader(String format, ByteBuffer buf, int headerEnd) {
        this.format = format;
        this.buf = buf;
        this.headerEnd = headerEnd;
    }

    /** Checks the preamble of the bytes between position and limit (left untouched) and positions after it. */
    static BinaryReader open(String magic, ByteBuffer in) {
        if (in == null) {
            throw new MalformedRecordException(magic + ": null record");
        }
        ByteBuffer b = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < PREAMBLE_BYTES) {
            throw new MalformedRecordException(magic + ": truncated: " + b.remaining()
                    + " bytes, the preamble alone is " + PREAMBLE_BYTES);
        }
        for (int i = 0; i < 4; i++) {
            if (b.get(i) != (byte) magic.charAt(i)) {
                throw new MalformedRecordException(magic + ": bad magic: expected " + magic + " (" + hex(magic.getBytes(
                        StandardCharsets.US_ASCII)) + "), got " + hex(new byte[] {b.get(0), b.get(1), b.get(2), b.get(3)}));
            }
        }
        int version = Short.toUnsignedInt(b.getShort(4));
        if (version != Limits.FORMAT_VERSION) {
            throw new MalformedRecordException(magic + ": unknown version " + version);
        }
        int headerLength = Short.toUnsignedInt(b.getShort(6));
        if (headerLength < PREAMBLE_BYTES) {
            throw new MalformedRecordException(magic + ": header length " + headerLength
                    + " is shorter than the preamble");
        }
        if (headerLength > b.limit()) {
            throw new MalformedRecordException(magic + ": truncated: header length " + headerLength + ", "
                    + b.limit() + " bytes present");
        }
        b.position(PREAMBLE_BYTES);
        return new BinaryReader(magic, b, headerLength);
    }

    MalformedRecordException fail(String problem) {
        return new MalformedRecordException(format + ": " + problem);
    }

    private void need(String field, int bytes) {
        if (buf.position() + bytes > headerEnd) {
            throw fail("header too short: header length " + headerEnd + " ends inside field '" + field + "'");
        }
    }

    int u8(String field) {
        need(field, 1);
        return Byte.toUnsignedInt(buf.get());
    }

    int i32(String field) {
        need(field, 4);
        return buf.getInt();
    }

    long i64(String field) {
        need(field, 8);
        return buf.getLong();
    }

    float f32(String field) {
        need(field, 4);
        return buf.getFloat();
    }

    double f64(String field) {
        need(field, 8);
        return buf.getDouble();
    }

    /** An int32 count or size that must lie in [min, max]; checked here because arrays are sized from it. */
    int i32In(String field, int min, int max) {
        int v = i32(field);
        if (v < min || v > max) {
            throw fail("field '" + field + "': " + v + " out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    /** A u16 byte length, then that many bytes of strict UTF-8 (at most {@link Limits#MAX_STRING_BYTES}). */
    String string(String field) {
        need(field, 2);
        int length = Short.toUnsignedInt(buf.getShort());
        if (length > Limits.MAX_STRING_BYTES) {
            throw fail("field '" + field + "': string of " + length + " bytes exceeds " + Limits.MAX_STRING_BYTES);
        }
        need(field, length);
        ByteBuffer slice = buf.slice().limit(length);
        buf.position(buf.position() + length);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw fail("field '" + field + "': invalid UTF-8");
        }
    }

    /**
     * Ends the header: skips fields a later writer appended that this reader does not know, then checks that
     * the bytes after the header are exactly the {@code expected} array bytes the header announced.
     */
    void endHeader(long expected, String what) {
        buf.position(headerEnd);
        long present = buf.remaining();
        if (present < expected) {
            throw fail("truncated: header says " + expected + " " + what + " bytes, " + present + " present");
        }
        if (present > expected) {
            throw fail("trailing bytes: header says " + expected + " " + what + " bytes, " + present + " present");
        }
    }

    short[] shorts(int count) {
        short[] a = new short[checkArray(count, 2)];
        buf.asShortBuffer().get(a);
        buf.position(buf.position() + 2 * count);
        return a;
    }

    int[] ints(int count) {
        int[] a = new int[checkArray(count, 4)];
        buf.asIntBuffer().get(a);
        buf.position(buf.position() + 4 * count);
        return a;
    }

    float[] floats(int count) {
        float[] a = new float[checkArray(count, 4)];
        buf.asFloatBuffer().get(a);
        buf.position(buf.position() + 4 * count);
        return a;
    }

    /** The array reads were all announced by {@link #endHeader}; this guards against a codec bug. */
    private int checkArray(int count, int width) {
        if (count < 0 || (long) count * width > buf.remaining()) {
            throw new BufferUnderflowException();
        }
        return count;
    }

    void finish() {
        if (buf.hasRemaining()) {
            throw fail("trailing bytes: " + buf.remaining() + " after the last array");
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder("0x");
        for (byte x : bytes) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }
}
