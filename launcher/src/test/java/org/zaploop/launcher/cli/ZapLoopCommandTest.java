package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.launcher.ZapLoop;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicSpec;
import picocli.CommandLine;

/** The {@code zaploop} command as a user types it: help everywhere, topics and demo against a real embedded broker. */
class ZapLoopCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = ZapLoop.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasHelp() {
        Result root = run("--help");
        assertEquals(0, root.exit());
        CommandLine cl = ZapLoop.commandLine();
        assertTrue(cl.getSubcommands().keySet().containsAll(List.of("demo", "broker", "topics", "run", "bench", "load")));
        for (String name : cl.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            assertTrue(root.out().contains(name), "root help lists " + name);
            Result sub = run(name, "--help");
            assertEquals(0, sub.exit(), name + " --help");
            assertTrue(sub.out().contains("Usage: zaploop " + name), name + " --help prints its usage");
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("demo", "--no-such-option");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }

    @Test
    void badDurationIsAUsageErrorThatSaysHowToWriteIt() {
        Result r = run("demo", "--duration", "soon");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("20s"), r.err());
    }

    @Test
    void badLoopSchedulingIsAUsageErrorThatListsTheChoices() {
        for (String command : new String[] {"demo", "run", "fish"}) {
            Result r = command.equals("run") ? run("run", "behavior", "--loop-scheduling", "fifo:0")
                    : run(command, "--loop-scheduling", "fifo:0");
            assertEquals(2, r.exit(), command + ": " + r.err());
            assertTrue(r.err().contains("1 to 99, got 0"), command + ": " + r.err());
        }
    }

    @Test
    void topicsJsonListsEveryCatalogueTopicWithItsConfigs() throws Exception {
        Result r = run("topics", "--json", "--port", "0", "--data-dir", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        Set<String> names = new HashSet<>();
        for (JsonNode t : root.get("topics")) {
            names.add(t.get("name").asText());
            TopicSpec spec = TopicCatalogue.byName(t.get("name").asText()).orElseThrow();
            assertEquals(spec.partitions(), t.get("partitions").asInt());
            spec.configs().forEach((k, v) -> assertEquals(v, t.get("configs").get(k).asText(), spec.name() + " " + k));
            assertTrue(t.get("matchesCatalogue").asBoolean());
        }
        assertEquals(TopicCatalogue.ALL.stream().map(TopicSpec::name).collect(java.util.stream.Collectors.toSet()), names);
        assertEquals(0, root.get("drift").size());

        Result verify = run("topics", "--verify", "--port", "0", "--data-dir", dir.toString());
        assertEquals(0, verify.exit(), verify.err());
    }

    @Test
    void demoRunsForItsDurationAndPrintsAJsonSummary() throws Exception {
        Result r = run("demo", "--duration", "2s", "--json", "--port", "0", "--data-dir", dir.resolve("broker").toString(),
                "--session", "test-session", "--metrics-port", "0", "--view-port", "0");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertEquals("test-session", s.get("session").asText());
        assertEquals("duration elapsed", s.get("ended").asText());
        assertTrue(s.get("cluster").get("embedded").asBoolean());
        assertEquals(TopicCatalogue.ALL.size(), s.get("topics").get("catalogue").asInt());
        assertEquals(TopicCatalogue.ALL.size(), s.get("records").size());
        assertTrue(r.err().contains("Kafka broker ready"), "status goes to stderr with --json");
        assertTrue(s.get("metrics").asText().startsWith("http://127.0.0.1:"), "the demo serves metrics");
        assertTrue(r.err().contains("Live view at " + s.get("view").asText()), "the demo prints the live view's address");
        assertTrue(s.get("components").has("fish"), "the virtual fish runs in the demo");
    }

    @Test
    void runRejectsAnUnknownComponentNamingTheKnownOnes() {
        Result r = run("run", "no-such-component");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown component 'no-such-component'"), r.err());
    }
}
