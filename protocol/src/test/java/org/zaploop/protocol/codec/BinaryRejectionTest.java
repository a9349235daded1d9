package org.zaploop.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.zaploop.protocol.Samples;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;

/** The binary decoders refuse what they must, with messages that name the problem. */
class BinaryRejectionTest {

    private final PlaneCodec planes = new PlaneCodec();
    private final TraceBlockCodec traces = new TraceBlockCodec();

    private static String reject(Codec<?> codec, byte[] bytes) {
        return assertThrows(MalformedRecordException.class, () -> codec.decode(bytes)).getMessage();
    }

    private static int headerLength(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(6) & 0xFFFF;
    }

    @Test
    void truncatedPixelsAreNamedWithTheClaimedSize() {
        short[] px = new short[2048 * 1328];
        byte[] full = planes.encode(Plane.whole("fish-01", 0, 0, 72, 0, 2048, 1328, px));
        byte[] cut = Arrays.copyOf(full, headerLength(full) + 120);
        assertEquals("ZLPL: truncated: header says 5439488 pixel bytes, 120 present", reject(planes, cut));
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] ok = planes.encode(Samples.plane());
        assertTrue(reject(planes, Arrays.copyOf(ok, ok.length + 1)).startsWith("ZLPL: trailing bytes"));
    }

    @Test
    void badMagicAndUnknownVersion() {
        byte[] ok = traces.encode(Samples.trace());
        byte[] magic = ok.clone();
        magic[0] = 'X';
        assertTrue(reject(traces, magic).startsWith("ZLTR: bad magic"));
        byte[] version = ok.clone();
        version[4] = 9;
        assertEquals("ZLTR: unknown version 9", reject(traces, version));
        assertTrue(reject(planes, ok).startsWith("ZLPL: bad magic"), "a trace is not a plane");
    }

    @Test
    void hugeCountsAreRefusedBeforeAllocating() {
        byte[] ok = traces.encode(Samples.trace());
        int countAt = headerLength(ok) - 8; // neuronCount, then flags, end the header
        ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).putInt(countAt, Integer.MAX_VALUE);
        assertEquals("ZLTR: field 'neuronCount': 2147483647 out of range [1, 65536]", reject(traces, ok));
    }

    @Test
    void longerHeadersFromLaterWritersAreSkipped() {
        byte[] ok = traces.encode(Samples.trace());
        int h = headerLength(ok);
        byte[] extended = new byte[ok.length + 6];
        System.arraycopy(ok, 0, extended, 0, h);
        System.arraycopy(ok, h, extended, h + 6, ok.length - h);
        ByteBuffer.wrap(extended).order(ByteOrder.LITTLE_ENDIAN).putShort(6, (short) (h + 6));
        assertEquals(Samples.trace(), traces.decode(extended));
    }

    @Test
    void headerLengthShorterThanTheFieldsIsRefused() {
        byte[] ok = traces.encode(Samples.trace());
        ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).putShort(6, (short) 20);
        assertTrue(reject(traces, ok).startsWith("ZLTR: header too short"));
    }

    @Test
    void nonFiniteTraceValuesAreRefused() {
        byte[] ok = traces.encode(Samples.trace());
        ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).putFloat(headerLength(ok), Float.NaN);
        assertTrue(reject(traces, ok).contains("'dff'[0] must be finite"));
    }

    @Test
    void unknownFlagBitsAreRefused() {
        byte[] ok = traces.encode(Samples.trace());
        ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).putInt(headerLength(ok) - 4, 2 | 8);
        assertEquals("ZLTR: field 'flags': unknown bits 0x8", reject(traces, ok));
    }

    @Test
    void invalidUtf8InAStringIsRefused() {
        byte[] ok = traces.encode(Samples.trace());
        ok[10] = (byte) 0xC3; // first byte of "fish-01", now a dangling lead byte
        assertEquals("ZLTR: field 'session': invalid UTF-8", reject(traces, ok));
    }

    @Test
    void sessionIdsAreValidated() {
        byte[] ok = traces.encode(Samples.trace());
        ok[10] = '/';
        assertTrue(reject(traces, ok).contains("field 'session' must match"));
    }

    @Test
    void emptyAndNullInputs() {
        assertTrue(reject(planes, new byte[0]).startsWith("ZLPL: truncated"));
        assertThrows(MalformedRecordException.class, () -> planes.decode((byte[]) null));
    }

    @Test
    void int16EphysIsExactAndHalfTheBytes() {
        EphysBlockCodec codec = new EphysBlockCodec();
        var block = Samples.ephysInt16();
        byte[] bytes = codec.encode(block);
        assertEquals(headerLength(bytes) + 2 * block.data().length, bytes.length);
        assertEquals(block, codec.decode(bytes));
        assertEquals(32767 * 0.195f, block.value(0, 3), 1e-3);
    }

    @Test
    void traceWithoutRawRoundTrips() {
        TraceBlock t = Samples.tracePartial();
        byte[] bytes = traces.encode(t);
        assertEquals(headerLength(bytes) + 4 * 2, bytes.length);
        assertEquals(TraceBlock.FLAG_PARTIAL_FRAME, traces.decode(bytes).flags());
    }
}
