package org.zaploop.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.zaploop.protocol.Samples.Sample;

/**
 * Writes the golden vectors: for every {@link Samples} record, {@code <name>.bin} or {@code <name>.json} and
 * {@code <name>.expected.json} with its decoded fields. Run it once when the wire format or the samples change
 * on purpose, review the diff, commit the files; {@code GoldenVectorTest} keeps them honest afterwards.
 *
 * <pre>
 * cd /work/main
 * mvn -q -o -pl protocol test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp protocol/target/test-classes:protocol/target/classes:$(cat protocol/target/cp.txt) \
 *     org.zaploop.protocol.GoldenVectorWriter protocol/src/test/resources/golden
 * </pre>
 * ({@code protocol/tools/write-golden.sh} does exactly that.)
 */
public final class GoldenVectorWriter {

    private GoldenVectorWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/golden");
        Files.createDirectories(dir);
        for (Sample<?> sample : Samples.all()) {
            Files.write(dir.resolve(sample.fileName()), sample.encode());
            String expected = GoldenJson.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(GoldenJson.describe(sample.codec(), sample.value()));
            Files.writeString(dir.resolve(sample.name() + ".expected.json"), expected + "\n");
            System.out.println("wrote " + dir.resolve(sample.fileName()));
        }
    }
}
