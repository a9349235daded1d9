package org.zaploop.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 2 shortened for CI: the broker of a running loop (tiny fish, behaviour, imaging, controller) stops for
 * 4 s and comes back; every check of the verdict table must pass.
 */
class BrokerRestartScenarioTest {

    @TempDir
    Path dir;

    @Test
    void theLoopSurvivesABrokerRestartWithoutActingOnStaleData() throws Exception {
        BrokerRestartScenario.Options o = new BrokerRestartScenario.Options(dir,
                ChaosOutput.TINY, List.of("fish", "imaging", "behavior", "controller"),
                Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(60));
        ChaosReport r = new BrokerRestartScenario(o, System.err::println).run();
        r.print(new java.io.PrintWriter(System.err, true), false);
        assertTrue(r.passed(), r.failures());
        assertEquals(4 + 4, r.checks().size(), "a check per component and four on the controller's decisions");
    }
}
