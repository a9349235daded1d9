package org.zaploop.controller.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchPolicyCommandTest {

    @Test
    void printsOneJsonObjectWithEveryFigure() {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new BenchPolicyCommand()).setOut(new PrintWriter(out))
                .execute("--json", "--seeds", "11", "--setpoint-seeds", "1", "--frames", "200", "--decisions", "2000");
        assertEquals(0, code);
        String s = out.toString().trim();
        assertTrue(s.startsWith("{\"setpoint\":{") && s.endsWith("}"), s);
        assertTrue(s.contains("\"search\":") && s.contains("\"top-two-thompson\":") && s.contains("\"random\":")
                && s.contains("\"usPerDecision\":"), s);
        assertEquals(1, s.lines().count());
        assertTrue(s.contains("\"optomotor\":{\"skipped\":\"no virtual fish here"),
                "without the launcher there is no fish, and the section says so: " + s);
    }

    @Test
    void tableAndUsageErrors() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchPolicyCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute("--seeds", "5", "--setpoint-seeds", "1", "--frames", "100", "--decisions", "1000"));
        assertTrue(out.toString().contains("PI / open loop") && out.toString().contains("median trials"), out.toString());
        assertEquals(2, cli.execute("--seeds", "0"));
        assertEquals(2, cli.execute("--bogus"));
        assertEquals(2, cli.execute("--gains", "1.5"));
        assertEquals(2, cli.execute("--gains", "0.5,x"));
    }
}
