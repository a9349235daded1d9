package org.zaploop.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.http.StopEndpoint;
import org.zaploop.controller.loop.DecisionLoop;
import org.zaploop.controller.loop.RecordingSink;
import org.zaploop.controller.policy.Policies;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.Decision;
import picocli.CommandLine;

/** {@code zaploop policy} against a controller's control endpoint: exit codes, and what the loop does. */
class PolicyCommandTest {

    static final String TOKEN = "policy-cli-token-0123456789";

    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new PolicyCommand());
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void changesThePolicyWithTheTokenAndNothingWithout() throws Exception {
        RecordingSink sink = new RecordingSink();
        DecisionLoop loop = new DecisionLoop("s", Policies.create("optomotor", Map.of()),
                new SafetyEnvelope(SafetyLimits.defaults()), sink, ZapLoopClock::nowNs, 0);
        try (StopEndpoint http = new StopEndpoint("127.0.0.1", 0, TOKEN, loop, () -> Map.of())) {
            StringWriter err = new StringWriter();
            assertEquals(3, run(err, "--url", http.url(), "--token", "wrong", "--set", "playback"), err.toString());
            assertEquals("optomotor", loop.policy().name());
            assertEquals(0, sink.audits.size(), "a refused token changes nothing");

            assertEquals(2, run(err, "--url", http.url(), "--token", TOKEN, "--set", "optomotor", "--param",
                    "nonsense=1"), "an unknown param is a usage error");
            assertEquals(1, run(err, "--url", http.url(), "--token", TOKEN, "--set", "setpoint", "--param",
                    "neurons=1-4"), "a policy needing inputs this controller does not read is refused");
            assertEquals("optomotor", loop.policy().name());

            err = new StringWriter();
            assertEquals(0, run(err, "--url", http.url(), "--token", TOKEN, "--set", "optomotor", "--param",
                    "baseVelocity=12", "--reason", "ana: faster"), err.toString());
            assertEquals("optomotor", loop.policy().name());
            assertEquals(12.0, ((Number) loop.policy().params().get("baseVelocity")).doubleValue());
            assertTrue(sink.audits(Decision.SAFE_STATE).stream().anyMatch(a -> a.rule().equals("policy-change")
                    && a.reason().contains("ana: faster")), sink.audits.toString());
        }
    }
}
