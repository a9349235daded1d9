package org.zaploop.sim.twin.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchTwinCommandTest {

    @Test
    void printsExactlyOneJsonObjectWithTheTwinsFigures() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchTwinCommand());
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("--neurons", "900", "--frames", "3", "--horizon", "4", "--repeats", "2", "--json");
        assertEquals(0, code);
        String text = out.toString().trim();
        assertEquals(1, text.lines().count(), text);
        JsonNode j = new ObjectMapper().readTree(text);
        assertEquals(900, j.get("neurons").asInt());
        assertEquals(4, j.get("horizon").asInt());
        assertTrue(j.get("twinRealTimeFactor").asDouble() > 0);
        assertTrue(j.get("aheadWallMedianS").asDouble() > 0);
        assertTrue(j.get("meanRateHz").asDouble() > 0, "the twin should fire: " + text);
    }

    @Test
    void scoresTheTwinAsAForecasterOnARecordedSession(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.zaploop.sim.fish.FishGeometry g = new org.zaploop.sim.fish.FishGeometry(96, 64, 6, 8.7, 48, 0.9141, 900);
        java.nio.file.Path archive = org.zaploop.sim.export.FishExport.run(dir.resolve("s"),
                org.zaploop.sim.fish.VirtualFish.Config.defaults(g, 3), "score-test", 20,
                new String[] {"OFF", "FLASH"}, 1, v -> { });
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchTwinCommand());
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("--neurons", "900", "--frames", "1", "--horizon", "8", "--repeats", "1",
                "--archive", archive.toString(), "--score-every", "4", "--json");
        assertEquals(0, code);
        JsonNode s = new ObjectMapper().readTree(out.toString()).get("forecastScores");
        assertEquals(20, s.get("frames").asInt());
        assertEquals(4, s.get("forecasts").asInt(), "forecasts after frames 3, 7, 11, 15 (19 has nothing after it)");
        double twin = s.get("twinMae").asDouble();
        assertTrue(twin > 0 && twin < 1.5, "a ΔF/F error: " + s);
        assertTrue(s.get("meanOfLast4Mae").asDouble() > 0 && s.get("lastValueMae").asDouble() > 0, s.toString());
    }

    @Test
    void refusesATwinTooSmallForTheRegions() {
        CommandLine cl = new CommandLine(new BenchTwinCommand());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("--neurons", "20"));
    }
}
