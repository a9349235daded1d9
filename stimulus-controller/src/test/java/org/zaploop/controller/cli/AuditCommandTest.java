package org.zaploop.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;
import picocli.CommandLine;

class AuditCommandTest {

    @Test
    void tableHasTheColumnsAndOneRowPerDecision() {
        long t = 1_700_000_000_123_000_000L;
        StimulusCommand c = new StimulusCommand("s", 17, t, t, t, t + 1, Stimulus.GRATING, Map.of("gain", 1.0),
                "optomotor", 0);
        List<AuditRecord> rs = List.of(
                new AuditRecord("s", 17, t, t, "optomotor", Map.of(), List.of(new InputRef("zl.behavior", 0, 5, t)),
                        Decision.ISSUED, null, "gain 1.0 block", c),
                new AuditRecord("s", 18, t, t, "optomotor", Map.of(), List.of(), Decision.REFUSED, "manual-stop",
                        "refused: stopped", null));
        String table = AuditCommand.table(rs);
        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("time (UTC)") && lines.get(0).contains("decision")
                && lines.get(0).contains("reason"));
        assertTrue(lines.get(1).startsWith("2023-11-14 22:13:20.123") && lines.get(1).contains("GRATING"), lines.get(1));
        assertTrue(lines.get(2).contains("REFUSED") && lines.get(2).contains("manual-stop"), lines.get(2));
    }

    @Test
    void usageErrors() {
        CommandLine cli = new CommandLine(new AuditCommand()).setErr(new PrintWriter(new StringWriter()))
                .setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute());
        assertEquals(2, cli.execute("--session", "bad/session"));
    }
}
