package org.zaploop.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.launcher.ZapLoop;
import picocli.CommandLine;

/** Fault 3 shortened for CI, through the command line: a rig reconnects once; every verdict passes. */
class RigReconnectScenarioTest {

    @TempDir
    Path dir;

    @Test
    void aReconnectingRigLosesNothingAndIsClockedAgain() {
        CommandLine cl = ZapLoop.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("chaos", "rig-reconnect", "--blocks", "200", "--reconnections", "1", "--json");
        System.err.println(out);
        assertEquals(0, exit, out + "\n" + err);
        String json = out.toString().trim();
        assertEquals(1, json.lines().count(), "exactly one JSON object");
        assertTrue(json.contains("\"verdict\":\"PASS\""), json);
        assertTrue(json.contains("\"check\":\"clock offset re-measured\""), json);
        assertTrue(json.matches(".*\"[2-9] CLOCK_SYNC events.*"), json);
    }
}
