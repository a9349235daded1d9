package org.zaploop.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.zaploop.protocol.Samples.Sample;

/**
 * The committed golden vectors under {@code src/test/resources/golden/} decode to exactly the fields in their
 * {@code .expected.json}, equal the sample they were written from, and re-encode byte for byte. A failure here
 * means the wire format changed: that breaks every rig and tool written against WIRE-FORMAT.md.
 */
class GoldenVectorTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<Sample<?>> samples() {
        return Samples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    <T> void goldenFileDecodesToTheExpectedFieldsAndReencodesExactly(Sample<T> sample) throws IOException {
        Path file = GOLDEN.resolve(sample.fileName());
        assertTrue(Files.exists(file), file + " is missing: run tools/write-golden.sh");
        byte[] bytes = Files.readAllBytes(file);
        T decoded = sample.codec().decode(bytes);

        JsonNode expected = GoldenJson.MAPPER.readTree(GOLDEN.resolve(sample.name() + ".expected.json").toFile());
        assertNull(GoldenJson.difference("", expected, GoldenJson.describe(sample.codec(), decoded)));
        assertEquals(sample.value(), decoded, "golden file differs from the sample it was written from");
        assertArrayEquals(bytes, sample.codec().encode(decoded), "re-encoding is not byte for byte");
    }
}
