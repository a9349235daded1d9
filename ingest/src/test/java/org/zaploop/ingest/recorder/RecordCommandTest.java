package org.zaploop.ingest.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The record command's failures in plain words (no broker needed: the archive is opened first). */
class RecordCommandTest {

    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return new CommandLine(new RecordCommand()).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute(args);
    }

    @Test
    void aBrokenArchiveIsReportedWithItsFileAndProblem() throws Exception {
        Path dir = tmp.resolve("bad");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("commit.json"), "{\"format\": \"zaploop-archive-commit\"");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "--session", "fish-01", "--out", dir.toString(), "--bootstrap", "127.0.0.1:1"));
        assertTrue(err.toString().startsWith("record: " + dir + ": not a zarr group"), err.toString());
    }

    @Test
    void aNonEmptyDirectoryIsRefused() throws Exception {
        Path dir = tmp.resolve("busy");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "--session", "fish-01", "--out", dir.toString()));
        assertTrue(err.toString().contains("cannot create a session archive in a non-empty directory"), err.toString());
    }

    @Test
    void usageErrors() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--session", "fish/01", "--out", tmp.toString()));
        assertTrue(err.toString().startsWith("record: "), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "--session", "fish-01", "--out", tmp.resolve("x").toString(), "--duration", "soon"));
        assertTrue(err.toString().contains("not a duration: 'soon'"), err.toString());
        assertEquals(Duration.ofMinutes(5), RecordCommand.parseDuration("5m"));
        assertEquals(Duration.ofMillis(1500), RecordCommand.parseDuration("1.5"));
    }
}
