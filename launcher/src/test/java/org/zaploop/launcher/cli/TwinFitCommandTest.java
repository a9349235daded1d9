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
                "--held-out", "0.25", "--neurons", "0", "--ahead", "3", "--json");
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
        // twin mode beside open loop: every region, fitted and unfitted, 1 and --ahead frames ahead
        assertEquals(3, j.get("twinModeAhead").asInt());
        for (String field : new String[] {"heldOutCorrTwinMode1", "heldOutCorrTwinMode1Unfitted",
            "heldOutRmsTwinMode1", "heldOutRmsTwinMode1Unfitted", "heldOutCorrTwinModeK",
            "heldOutCorrTwinModeKUnfitted", "heldOutRmsTwinModeK", "heldOutRmsTwinModeKUnfitted",
            "heldOutCorrLastFrame1", "heldOutRmsLastFrame1", "heldOutCorrLastFrameK", "heldOutRmsLastFrameK"}) {
            assertEquals(9, j.get(field).size(), field + ": " + j);
        }
        for (String field : new String[] {"heldOutRmsTwinMode1", "heldOutRmsTwinModeK"}) {
            double hindbrain = j.get(field).get("hindbrain").asDouble();
            assertTrue(hindbrain >= 0 && hindbrain < 1, field + " of the hindbrain is a ΔF/F error: " + hindbrain);
        }
        JsonNode saved = new ObjectMapper().readTree(model.toFile()).get("report");
        assertEquals(j.get("heldOutRmsTwinModeK"), saved.get("heldOutRmsTwinModeK"), "the model file keeps the report");
        assertTrue(j.get("tail").asBoolean(), "the export's tail recording drives the motor pools: " + j);
        StringWriter deaf = new StringWriter();
        assertEquals(0, run(deaf, new StringWriter(), "twin", "fit", archive.toString(), "--out", model.toString(),
                "--iterations", "1", "--held-out", "0.25", "--neurons", "0", "--ahead", "3", "--no-tail", "--json"));
        assertTrue(!new ObjectMapper().readTree(deaf.toString()).get("tail").asBoolean(), "--no-tail leaves it out");
        assertEquals(1.0, TwinModel.read(model).tailGain(m.regions().indexOf("motor_left")), "and fits no tail gain");
    }

    @Test
    void refusesAHorizonTheHeldOutFramesCannotBeScoredAt() throws Exception {
        FishGeometry g = new FishGeometry(96, 64, 6, 8.7, 48, 0.9141, 900);
        Path archive = FishExport.run(dir.resolve("short"), VirtualFish.Config.defaults(g, 5), "short", 12,
                new String[] {"OFF", "FLASH"}, 1, v -> { });
        StringWriter err = new StringWriter();
        Path model = dir.resolve("m.json");
        assertEquals(2, run(new StringWriter(), err, "twin", "fit", archive.toString(), "--out", model.toString(),
                "--ahead", "0"));
        err = new StringWriter();
        int code = run(new StringWriter(), err, "twin", "fit", archive.toString(), "--out", model.toString(),
                "--held-out", "0.5", "--ahead", "8");
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("8 frames ahead"), err.toString());
        assertTrue(Files.notExists(model), "nothing fitted, nothing written");
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
