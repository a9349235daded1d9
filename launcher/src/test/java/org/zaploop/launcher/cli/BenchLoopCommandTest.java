package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The loop benchmark closes the loop through a real broker and reports one JSON object (figures are not asserted). */
class BenchLoopCommandTest {

    @Test
    void aShortRunMeasuresCommandsComingBackToTheFish() throws Exception {
        ZapLoopCommandTest.Result r = ZapLoopCommandTest.run("bench", "loop", "--seconds", "4", "--warmup", "4",
                "--block-ms", "10", "--neurons", "600", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("loop", j.get("benchmark").asText());
        assertTrue(j.get("commands").asLong() > 0, "commands reached the fish: " + r.out());
        assertTrue(j.get("p99Ms").asDouble() >= j.get("p50Ms").asDouble());
        for (String stage : new String[] {"fish-send", "behavior-in", "behavior-out", "controller-in", "command-sent", "loop"}) {
            assertTrue(j.get("stages").get(stage).get("count").asLong() > 0, stage + " timed: " + r.out());
        }
        // by default the loop's threads are measured under SCHED_FIFO once the JIT has settled, where it is allowed
        assertEquals("fifo:10", j.get("loopScheduling").asText());
        String threads = j.get("loopThreads").asText();
        assertTrue(threads.startsWith("SCHED_FIFO priority 10 since the JIT settled") || threads.contains("refused"),
                threads);
    }

    @Test
    void theFirstHopAloneTimesTheBehaviourStageWithoutAController() throws Exception {
        ZapLoopCommandTest.Result r = ZapLoopCommandTest.run("bench", "loop", "--first-hop", "--seconds", "3",
                "--warmup", "3", "--block-ms", "10", "--neurons", "600", "--loop-scheduling", "nice", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("firstHopOnly").asBoolean());
        assertEquals(0, j.get("commands").asLong(), "no controller, no commands: " + r.out());
        for (String stage : new String[] {"fish-send", "behavior-in", "behavior-out"}) {
            assertTrue(j.get("stages").get(stage).get("count").asLong() > 0, stage + " timed: " + r.out());
        }
        assertFalse(j.get("stages").has("controller-in"), r.out());
        assertEquals("nice", j.get("loopScheduling").asText());
        assertTrue(j.get("loopThreads").asText().startsWith("nice"), r.out());
    }

    @Test
    void nonsenseOptionsAreAUsageError() {
        ZapLoopCommandTest.Result r = ZapLoopCommandTest.run("bench", "loop", "--seconds", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--seconds"), r.err());
        ZapLoopCommandTest.Result b = ZapLoopCommandTest.run("bench", "loop", "--behavior", "spark");
        assertEquals(2, b.exit());
        assertTrue(b.err().contains("--behavior"), b.err());
        ZapLoopCommandTest.Result s = ZapLoopCommandTest.run("bench", "loop", "--loop-scheduling", "rr");
        assertEquals(2, s.exit());
        assertTrue(s.err().contains("'nice', 'fifo' or 'fifo:N'") && s.err().contains("got 'rr'"), s.err());
    }
}
