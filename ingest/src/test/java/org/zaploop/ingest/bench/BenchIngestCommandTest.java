package org.zaploop.ingest.bench;

import org.zaploop.testsupport.InJvmKafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;


/** The command's plumbing (not its figures): usage errors, one JSON object, an embedded broker wired in. */
class BenchIngestCommandTest {

    @TempDir
    Path dir;

    @Test
    void withoutBootstrapOrEmbeddedBrokerItIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new BenchIngestCommand()).setErr(new PrintWriter(err));
        assertEquals(2, cmd.execute("--scale", "small", "--seconds", "1"));
        assertTrue(err.toString().contains("--bootstrap"), err.toString());
    }

    @Test
    void aShortSmallRunOnAnEmbeddedBrokerPrintsOneJsonObject() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new BenchIngestCommand(() -> {
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
        })).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        assertEquals(0, cmd.execute("--scale", "small", "--seconds", "2", "--warmup", "1", "--json"), err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(1, lines.length, out.toString());
        JsonObject r = new JsonObject(lines[0]);
        assertEquals("ingest", r.getString("benchmark"));
        assertEquals("small", r.getString("scale"));
        assertEquals(1, r.getInteger("warmupSeconds"));
        assertTrue(r.getLong("planes") > 0, lines[0]);
        assertEquals(0L, r.getLong("rejected"));
        assertEquals(0L, r.getLong("failures"));
    }
}
