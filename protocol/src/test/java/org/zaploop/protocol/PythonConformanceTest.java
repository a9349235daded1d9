package org.zaploop.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.zaploop.protocol.Samples.Sample;

/**
 * Proves WIRE-FORMAT.md is exact: {@code tools/zlwire.py}, written from the document with Python's standard
 * library only, decodes every golden vector to the fields in its {@code .expected.json} and encodes every
 * binary one back to the same bytes. Skipped only when no {@code python3} is on the PATH.
 */
class PythonConformanceTest {

    private static final Path TOOL = Path.of("tools/zlwire.py");
    private static String python;

    @BeforeAll
    static void findPython() {
        Optional<String> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "python3"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(), "no python3 on the PATH");
        python = found.get();
        // Version-manager shims (pyenv) cost ~0.3 s per start: ask the interpreter for its real path once.
        try {
            Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.executable)").start();
            String real = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isExecutable(Path.of(real))) {
                python = real;
            }
        } catch (IOException | InterruptedException e) {
            // Keep the PATH entry: slower, same result.
        }
    }

    static Stream<Sample<?>> samples() {
        return Samples.all().stream();
    }

    static Stream<Sample<?>> binarySamples() {
        return Samples.all().stream().filter(Sample::binary);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void pythonDecodesTheGoldenVector(Sample<?> sample) throws Exception {
        Path file = GoldenVectorTest.GOLDEN.resolve(sample.fileName());
        byte[] out = run(TOOL.toString(), file.toString());
        JsonNode actual = GoldenJson.MAPPER.readTree(out);
        JsonNode expected = GoldenJson.MAPPER.readTree(
                GoldenVectorTest.GOLDEN.resolve(sample.name() + ".expected.json").toFile());
        assertNull(GoldenJson.difference("", expected, actual));
    }

    /** Binary formats only: JSON records are written by any JSON library. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("binarySamples")
    void pythonEncodesTheGoldenVectorByteForByte(Sample<?> sample) throws Exception {
        byte[] out = run(TOOL.toString(), "encode",
                GoldenVectorTest.GOLDEN.resolve(sample.name() + ".expected.json").toString());
        assertArrayEquals(Files.readAllBytes(GoldenVectorTest.GOLDEN.resolve(sample.fileName())), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binarySamples")
    void pythonRejectsATruncatedRecord(Sample<?> sample, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        byte[] bytes = sample.encode();
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        Process p = new ProcessBuilder(python, TOOL.toString(), cut.toString()).start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.contains("truncated"), err);
    }

    private static byte[] run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(python);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "zlwire.py did not finish");
        assertEquals(0, p.exitValue(), "zlwire.py failed: " + String.join(" ", command));
        return out;
    }
}
