package org.zaploop.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors of {@code zaploop load}: exit code 2 with a message naming the problem, before any broker starts. */
class LoadCommandTest {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new LoadCommand(() -> {
            throw new AssertionError("a usage error must not start a broker");
        }));
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return new String[] {String.valueOf(cl.execute(args)), err.toString()};
    }

    @Test
    void rejectsAnUnknownScenario() {
        String[] r = run("fireworks");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("SCENARIO must be traces, volumes, ephys or mixed"), r[1]);
    }

    @Test
    void rejectsARampOfTheRealTimeEphysScenario() {
        String[] r = run("ephys", "--ramp");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("ephys scenario keeps the fish's real time"), r[1]);
    }

    @Test
    void rejectsBadNumbersAndScales() {
        String[] r = run("volumes", "--scale", "huge", "--rate", "0", "--seconds", "2");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--scale must be small or full") && r[1].contains("--rate and --rates must be > 0")
                && r[1].contains("at least 5 s"), r[1]);
    }
}
