package org.zaploop.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import org.zaploop.launcher.ZapLoop;

/**
 * Fault scenario 1, shortened for CI: a small recorded fish replayed through two instances of each stream processor
 * (real processes), two of them killed with SIGKILL mid-stream; the command's own verdict must be a pass, with the
 * comparison against the uninterrupted run actually made (records expected, none missing, duplicated or differing).
 */
class ProcessorKillScenarioTest {

    @Test
    void killedProcessorsGiveTheUninterruptedRunsTracesAndForecasts() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZapLoop.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("chaos", "processor-kill", "--kills", "2", "--frames", "48", "--coarsen", "4",
                "--seed", "3", "--json");
        assertEquals(1, out.toString().trim().lines().count(), out + "\n" + err);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("PASS", j.get("verdict").asText(), j + "\n" + err);
        assertEquals(0, code);
        assertEquals(2, j.get("kills").size());
        for (String topic : new String[] {"traces", "forecasts"}) {
            JsonNode c = j.get(topic);
            assertTrue(c.get("expected").asInt() > 0, topic);
            assertEquals(0, c.get("missing").asInt(), topic);
            assertEquals(0, c.get("duplicated").asInt(), topic);
            assertEquals(0, c.get("differing").asInt(), topic);
        }
        assertEquals(0, j.get("traces").get("expected").asInt() % (3 * 48), "whole frames of 3 sessions × 48 volumes");
    }
}
