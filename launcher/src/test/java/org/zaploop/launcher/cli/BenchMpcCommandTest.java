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

class BenchMpcCommandTest {

    @Test
    void runsBothPoliciesOnTheVirtualFishAndPrintsOneJsonObject() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = ZapLoop.commandLine();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("bench", "mpc", "--neurons", "900", "--frames", "6", "--settle", "2", "--json");
        assertEquals(0, code);
        assertEquals(1, out.toString().trim().lines().count(), out.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertTrue(j.get("setpointRms").asDouble() >= 0 && j.get("mpcRms").asDouble() >= 0, j.toString());
        assertEquals(6, j.get("frames").asInt());
    }
}
