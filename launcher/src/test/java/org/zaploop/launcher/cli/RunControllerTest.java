package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/** {@code zaploop run controller} with its policy, parameter and limit options. */
class RunControllerTest {

    @TempDir
    Path dir;

    @Test
    void unknownPoliciesParamsAndLimitsAreUsageErrorsThatNameThem() {
        String[][] cases = {
                {"--policy", "nope"}, {"unknown policy 'nope'"},
                {"--param", "bogus=1"}, {"no parameter(s) [bogus]"},
                {"--policy", "playback", "--param", "scale=abc"}, {"scale"},
                {"--limit", "maxIntensity=7"}, {"maxIntensity"},
                {"--limit", "colour=red"}, {"unknown safety limit 'colour'"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            String[] args = new String[cases[i].length + 4];
            args[0] = "run";
            args[1] = "controller";
            System.arraycopy(cases[i], 0, args, 2, cases[i].length);
            args[args.length - 2] = "--bootstrap";
            args[args.length - 1] = "127.0.0.1:1";
            ZapLoopCommandTest.Result r = ZapLoopCommandTest.run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(cases[i + 1][0]), r.err());
        }
        ZapLoopCommandTest.Result fish = ZapLoopCommandTest.run("run", "fish", "--policy", "setpoint");
        assertEquals(2, fish.exit());
        assertTrue(fish.err().contains("options of the controller"), fish.err());
    }

    @Test
    void runsThePolicyItIsGivenWithItsParamsAndLimits() throws Exception {
        String home = System.getProperty("zaploop.home");
        System.setProperty("zaploop.home", dir.toString());
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), 0)) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            ZapLoopCommandTest.Result r = ZapLoopCommandTest.run("run", "controller", "--bootstrap",
                    broker.bootstrapServers(), "--session", "run-test", "--policy", "playback", "--param",
                    "conditions=8", "--limit", "maxIntensity=0.8", "--validity-ms", "1500", "--duration", "6s",
                    "--metrics-port", "-1", "--work-dir", dir.resolve("work").toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("policy=playback"), r.out());
            assertTrue(r.out().contains("Controller stop endpoint"), "the token line goes to the operator: " + r.out());
            ZapLoopCommandTest.Result audit = ZapLoopCommandTest.run("audit", "--session", "run-test", "--json",
                    "--bootstrap", broker.bootstrapServers());
            assertEquals(0, audit.exit(), audit.err());
            com.fasterxml.jackson.databind.JsonNode first = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(audit.out()).get("records").get(0);
            assertEquals("playback", first.get("policy").asText(), audit.out());
            assertEquals("DARK", first.get("command").get("stimulus").asText(), "condition 8 is dark: " + audit.out());
            assertEquals(1_500_000_000L, first.get("command").get("validUntilNs").asLong()
                    - first.get("command").get("validFromNs").asLong(), "the validity asked for");
            assertTrue(!Files.exists(dir.resolve(".zaploop/control/run-test.properties")),
                    "the control file is gone once the controller stopped");
        } finally {
            if (home == null) {
                System.clearProperty("zaploop.home");
            } else {
                System.setProperty("zaploop.home", home);
            }
        }
    }
}
