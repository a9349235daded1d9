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
    void refusesATwinTooSmallForTheRegions() {
        CommandLine cl = new CommandLine(new BenchTwinCommand());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("--neurons", "20"));
    }
}
