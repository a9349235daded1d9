package org.zaploop.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 5 shortened for CI: three brokers, a tiny fish, two imaging and two behaviour instances, the controller;
 * one broker lost after 3 s of closed loop; every verdict passes.
 */
class BrokerLossScenarioTest {

    @TempDir
    Path dir;

    @Test
    void losingOneOfThreeBrokersLosesNothingAndTheLoopRunsOn() throws Exception {
        BrokerLossScenario.Options o = new BrokerLossScenario.Options(dir,
                ChaosOutput.TINY, List.of("imaging", "behavior"),
                Duration.ofSeconds(3), Duration.ofSeconds(60));
        ChaosReport r = new BrokerLossScenario(o, System.err::println).run();
        r.print(new java.io.PrintWriter(System.err, true), false);
        assertTrue(r.passed(), r.failures());
        assertTrue(r.checks().stream().anyMatch(c -> c.check().equals("every frame's traces present once")));
    }
}
