package org.zaploop.controller.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.loop.CommandDeduplicator.Verdict;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

class CommandDeduplicatorTest {

    static final long T0 = 1_700_000_000_000_000_000L;

    static StimulusCommand cmd(String session, long seq, long from, long until) {
        return new StimulusCommand(session, seq, from, from, from, until, Stimulus.GRATING, Map.of(), "test", null);
    }

    @Test
    void duplicatesAndOlderCommandsAreDropped() {
        CommandDeduplicator d = new CommandDeduplicator();
        StimulusCommand c5 = cmd("a", 5, T0, T0 + 100);
        assertEquals(Verdict.APPLY, d.offer(c5, T0));
        assertEquals(Verdict.DUPLICATE, d.offer(c5, T0 + 1), "at-least-once redelivery");
        assertEquals(Verdict.DUPLICATE, d.offer(cmd("a", 4, T0, T0 + 100), T0 + 1), "reordered older command");
        assertEquals(Verdict.APPLY, d.offer(cmd("a", 6, T0, T0 + 100), T0 + 2));
        assertEquals(Verdict.APPLY, d.offer(cmd("b", 1, T0, T0 + 100), T0 + 2), "sessions are independent");
        assertEquals(2, d.duplicates());
        assertEquals(6, d.lastSeq("a"));
    }

    @Test
    void onlyInsideTheValidityWindow() {
        CommandDeduplicator d = new CommandDeduplicator();
        StimulusCommand early = cmd("a", 10, T0 + 50, T0 + 100);
        assertEquals(Verdict.NOT_YET_VALID, d.offer(early, T0));
        assertEquals(Verdict.APPLY, d.offer(early, T0 + 50));
        assertEquals(Verdict.EXPIRED, d.offer(cmd("a", 11, T0, T0 + 100), T0 + 100), "the end is exclusive");
        assertEquals(Verdict.DUPLICATE, d.offer(cmd("a", 11, T0, T0 + 100), T0 + 10));
        assertEquals(1, d.expired());
    }
}
