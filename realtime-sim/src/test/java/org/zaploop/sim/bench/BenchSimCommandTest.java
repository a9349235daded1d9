package org.zaploop.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchSimCommandTest {

    @Test
    void jsonModePrintsExactlyOneObject() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BenchSimCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("--model", "coba", "--neurons", "800", "--seconds", "0.2", "--seeds", "2", "--json");
        assertEquals(0, rc, err.toString());
        String text = out.toString().trim();
        assertEquals(1, text.lines().count());
        JsonNode j = new ObjectMapper().readTree(text);
        assertEquals(2, j.get("runs").size());
        assertTrue(j.get("mean").get("realtimeFactor").asDouble() > 0);
        assertTrue(j.get("runs").get(0).get("bytesPerSynapse").asDouble() < 40);
    }

    @Test
    void tableModeAndUsageErrors() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchSimCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("--neurons", "400", "--synapses-per-neuron", "20", "--seconds", "0.1", "--seeds", "1"));
        assertTrue(out.toString().contains("x RT"), out.toString());
        assertEquals(2, cl.execute("--model", "hh"));
    }
}
