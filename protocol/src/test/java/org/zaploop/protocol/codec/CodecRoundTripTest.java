package org.zaploop.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.zaploop.protocol.Samples;
import org.zaploop.protocol.Samples.Sample;

/** Every sample record encodes, decodes to an equal record, and re-encodes to the same bytes. */
class CodecRoundTripTest {

    static Stream<Sample<?>> samples() {
        return Samples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    <T> void roundTrips(Sample<T> sample) {
        byte[] bytes = sample.encode();
        T decoded = sample.codec().decode(bytes);
        assertEquals(sample.value(), decoded);
        assertEquals(sample.value().hashCode(), decoded.hashCode());
        assertArrayEquals(bytes, sample.codec().encode(decoded));
        assertTrue(decoded.toString().length() < 2000, "toString stays short");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    <T> void decodesFromAnOffsetBufferWithoutMovingIt(Sample<T> sample) {
        byte[] bytes = sample.encode();
        byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        ByteBuffer buffer = ByteBuffer.wrap(padded, 3, bytes.length);
        assertEquals(sample.value(), sample.codec().decode(buffer));
        assertEquals(3, buffer.position());
        assertEquals(3 + bytes.length, buffer.limit());
    }
}
