package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.zaploop.launcher.ZapLoop;
import picocli.CommandLine;

/**
 * The shortened fuzz campaign CI runs: {@code zaploop fuzz --inputs 20000 --json} (override the count with
 * {@code -Dzl.fuzz.campaign.inputs}). Every target passes, every target got inputs and both refused and kept some.
 */
class FuzzCommandTest {

    static final long INPUTS = Long.getLong("zl.fuzz.campaign.inputs", 20_000);

    @Test
    void shortCampaignPassesOnEveryTarget() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = ZapLoop.commandLine();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("fuzz", "--inputs", String.valueOf(INPUTS), "--json");
        assertEquals(1, out.toString().trim().lines().count(), out.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("pass", j.get("verdict").asText(), j.toPrettyString());
        assertEquals(0, code);
        assertEquals(INPUTS, j.get("inputs").asLong());
        assertEquals(15, j.get("targets").size(), "12 decoders, the archive, gateway HTTP and WebSocket");
        for (JsonNode t : j.get("targets")) {
            assertTrue(t.get("inputs").asLong() > 0 && t.get("rejected").asLong() > 0, t.toString());
            assertEquals(0, t.get("crashes").asLong() + t.get("hangs").asLong(), t.toString());
        }
        assertTrue(j.get("peakHeapBytes").asLong() < j.get("maxHeapBytes").asLong(), j.toString());
    }
}
