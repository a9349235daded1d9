package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.launcher.ZapLoop;
import org.zaploop.sim.export.FishExport;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.VirtualFish;
import org.zaploop.sim.twin.TwinModel;
import picocli.CommandLine;

/** {@code zaploop twin fit} on a session exported from a small virtual fish. */
class TwinFitCommandTest {

    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = ZapLoop.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void fitsAnExportedSessionAndWritesTheModelWithItsHeldOutReport() throws Exception {
        FishGeometry g = new FishGeometry(96, 64, 6, 8.7, 48, 0.9141, 900);
        Path archive = FishExport.run(dir.resolve("session"), VirtualFish.Config.defaults(g, 5), "fit-test", 24,
                new String[] {"OFF", "FLASH", "OFF", "FLASH"}, 1, v -> { });
        Path model = dir.resolve("model.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "twin", "fit", archive.toString(), "--out", model.toString(), "--iterations", "2",
                "--held-out", "0.25", "--neurons", "0", "--json");
        assertEquals(0, code, err.toString());
        assertEquals(1, out.toString().trim().lines().count(), out.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(18, j.get("fitFrames").asInt());
        assertEquals(6, j.get("heldOutFrames").asInt());
        assertEquals(900, j.get("neurons").asInt());
        assertTrue(j.get("heldOutRms").has("hindbrain"), j.toString());
        assertTrue(err.toString().contains("simulations"), "a progress bar on stderr: " + err);
        TwinModel m = TwinModel.read(model);
        assertEquals(9, m.regions().size());
    }

    @Test
    void saysWhyAnArchiveCannotBeUsed() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("not-an-archive"));
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "twin", "fit", empty.toString(), "--out", dir.resolve("m.json").toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("Cannot fit to"), err.toString());
    }
}
