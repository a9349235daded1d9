package org.zaploop.ingest.bench;

import org.zaploop.testsupport.InJvmKafka;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;


/**
 * Runs {@code bench ingest} against a fresh in-JVM KRaft broker, as the launcher will with its embedded broker:
 * {@code java -cp <test classpath> org.zaploop.ingest.bench.BenchMain --scale full --seconds 60}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("zl-bench-broker");
        int code = new CommandLine(new BenchIngestCommand(() -> {
            InJvmKafka kafka = InJvmKafka.start(dir);
            return new BenchIngestCommand.Broker() {
                @Override
                public String bootstrap() {
                    return kafka.bootstrap();
                }

                @Override
                public void close() throws Exception {
                    kafka.close();
                }
            };
        })).execute(args);
        System.exit(code);
    }
}
