package org.zaploop.ingest.gateway;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.Plane;

/**
 * Validates a ZLPL record without copying its pixels: reads the preamble and header exactly as the protocol's
 * {@link PlaneCodec} does (same order, same messages), checks that the pixel bytes present are exactly the ones
 * announced, then runs the {@link Plane} record's own validation with a shared, never-written pixel array of
 * the right length. Any uint16 pixel is valid, so nothing else in the record can be wrong. A 5.4 MB plane is
 * then published without ever being decoded into a {@code short[]}.
 *
 * <p>{@code PlaneHeaderCheckTest} checks that it accepts and rejects exactly what {@link PlaneCodec} does, with
 * the same messages. Plain Java; thread-safe.
 */
final class PlaneHeaderCheck {

    /** What the gateway needs from a plane's header. */
    record Header(String session, long frame, int z, long acquisitionNs) {
    }

    private static final String F = PlaneCodec.MAGIC;
    private static final int MAX_CACHED_SHAPES = 16;
    private static final Map<Integer, short[]> DUMMY_PIXELS = new ConcurrentHashMap<>();

    private PlaneHeaderCheck() {
    }

    static Header check(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 8) {
            throw fail("truncated: " + b.remaining() + " bytes, the preamble alone is 8");
        }
        for (int i = 0; i < 4; i++) {
            if (b.get(i) != (byte) F.charAt(i)) {
                throw fail("bad magic: expected " + F + " (" + hex(F.getBytes(StandardCharsets.US_ASCII)) + "), got "
                        + hex(new byte[] {b.get(0), b.get(1), b.get(2), b.get(3)}));
            }
        }
        int version = Short.toUnsignedInt(b.getShort(4));
        if (version != Limits.FORMAT_VERSION) {
            throw fail("unknown version " + version);
        }
        int headerEnd = Short.toUnsignedInt(b.getShort(6));
        if (headerEnd < 8) {
            throw fail("header length " + headerEnd + " is shorter than the preamble");
        }
        if (headerEnd > b.limit()) {
            throw fail("truncated: header length " + headerEnd + ", " + b.limit() + " bytes present");
        }
        b.position(8);
        need(b, headerEnd, "session", 2);
        int length = Short.toUnsignedInt(b.getShort());
        if (length > Limits.MAX_STRING_BYTES) {
            throw fail("field 'session': string of " + length + " bytes exceeds " + Limits.MAX_STRING_BYTES);
        }
        need(b, headerEnd, "session", length);
        String session;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b.slice().limit(length));
            session = chars.toString();
        } catch (CharacterCodingException e) {
            throw fail("field 'session': invalid UTF-8");
        }
        b.position(b.position() + length);
        long frame = i64(b, headerEnd, "frame");
        long acquisitionNs = i64(b, headerEnd, "acquisitionNs");
        int z = i32(b, headerEnd, "z");
        int planesPerVolume = i32(b, headerEnd, "planesPerVolume");
        int planeWidth = i32(b, headerEnd, "planeWidth");
        int planeHeight = i32(b, headerEnd, "planeHeight");
        int x0 = i32(b, headerEnd, "x0");
        int y0 = i32(b, headerEnd, "y0");
        int width = i32In(b, headerEnd, "width", 1, Limits.MAX_PLANE_DIM);
        int height = i32In(b, headerEnd, "height", 1, Limits.MAX_PLANE_DIM);
        long expected = 2L * width * height;
        long present = bytes.length - headerEnd;
        if (present < expected) {
            throw fail("truncated: header says " + expected + " pixel bytes, " + present + " present");
        }
        if (present > expected) {
            throw fail("trailing bytes: header says " + expected + " pixel bytes, " + present + " present");
        }
        try {
            // The record's own rules (names, ranges, tile inside the plane), on a shared array of the right size.
            new Plane(session, frame, z, planesPerVolume, acquisitionNs, planeWidth, planeHeight, x0, y0, width,
                    height, dummyPixels(width * height));
        } catch (RuntimeException e) {
            throw fail(e.getMessage());
        }
        return new Header(session, frame, z, acquisitionNs);
    }

    private static short[] dummyPixels(int n) {
        short[] a = DUMMY_PIXELS.get(n);
        if (a == null) {
            a = new short[n];
            if (DUMMY_PIXELS.size() < MAX_CACHED_SHAPES) {
                DUMMY_PIXELS.putIfAbsent(n, a);
            }
        }
        return a;
    }

    private static void need(ByteBuffer b, int headerEnd, String field, int bytes) {
        if (b.position() + bytes > headerEnd) {
            throw fail("header too short: header length " + headerEnd + " ends inside field '" + field + "'");
        }
    }

    private static long i64(ByteBuffer b, int headerEnd, String field) {
        need(b, headerEnd, field, 8);
        return b.getLong();
    }

    private static int i32(ByteBuffer b, int headerEnd, String field) {
        need(b, headerEnd, field, 4);
        return b.getInt();
    }

    private static int i32In(ByteBuffer b, int headerEnd, String field, int min, int max) {
        int v = i32(b, headerEnd, field);
        if (v < min || v > max) {
            throw fail("field '" + field + "': " + v + " out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private static MalformedRecordException fail(String problem) {
        return new MalformedRecordException(F + ": " + problem);
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder("0x");
        for (byte x : bytes) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
