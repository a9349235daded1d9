package org.zaploop.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 4 shortened for CI: a live session of a tiny virtual fish (12 volumes at twice real time); the
 * {@code zaploop record} process is SIGKILLed halfway and restarted; every verdict passes.
 */
class RecorderKillScenarioTest {

    @TempDir
    Path dir;

    @Test
    void aKilledRecorderProcessEndsWithTheUninterruptedArchive() throws Exception {
        RecorderKillScenario.Options o = new RecorderKillScenario.Options(dir,
                ChaosOutput.TINY, 12, 2.0, List.of(0.5));
        ChaosReport r = new RecorderKillScenario(o, System.err::println).run();
        r.print(new java.io.PrintWriter(System.err, true), false);
        assertTrue(r.passed(), r.failures());
        assertEquals(4, r.checks().size());
        assertTrue(((Number) r.figures().get("volumes")).longValue() >= 12);
    }
}
