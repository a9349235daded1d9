package org.zaploop.dashboards.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

/** The model's health, latency and timeline figures, from records with known acquisition times. */
class LiveModelTest {

    private static final long S = 1_000_000_000L;

    /** Keeps what the model sends. */
    private static final class Recorded implements LiveOutbox {
        final List<Map<String, Object>> broadcasts = new ArrayList<>();

        @Override
        public void map(byte[] message, int neurons) {
        }

        @Override
        public void frame(byte[] message) {
        }

        @Override
        public void broadcast(Map<String, Object> json) {
            broadcasts.add(json);
        }

        @Override
        public void send(int client, byte[] message) {
        }

        @Override
        public void send(int client, Map<String, Object> json) {
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stage(Map<String, Object> status, String name) {
        return (Map<String, Object>) ((Map<String, Object>) status.get("stages")).get(name);
    }

    @Test
    void theLoopLatencyRunsFromTheCommandsInputToTheRigsAcknowledgement() {
        Recorded out = new Recorded();
        LiveModel model = new LiveModel(LiveViewConfig.defaults("x:1", "s", "127.0.0.1", 0), out);
        long t0 = 100 * S;
        model.onCommand(new StimulusCommand("s", 7, t0 + 200_000_000L, t0, t0, t0 + S, Stimulus.GRATING,
                Map.of("gain", 1.0), "optomotor", 0), t0 + 250_000_000L);
        model.onRigEvent(new RigEvent("s", t0 + 300_000_000L, RigEventKind.COMMAND_ACK, null, null, null, Map.of(), 7L,
                null), t0 + 310_000_000L);

        Map<String, Object> status = model.status(t0 + 400_000_000L);
        assertEquals(300.0, stage(status, "loop").get("lastMs"), "acquisition → acknowledged by the rig");
        assertEquals(250.0, stage(status, "controller").get("lastMs"), "acquisition → the command reached the view");
        assertEquals("GRATING", status.get("stimulus"));
        assertEquals(0, status.get("condition"));
        assertEquals(2, out.broadcasts.size(), "the command and the acknowledgement go on the timeline");
    }

    @Test
    void aStageIsWaitingThenOkThenLateWhenItFallsSilent() {
        LiveModel model = new LiveModel(LiveViewConfig.defaults("x:1", "s", "127.0.0.1", 0), new Recorded());
        assertEquals("waiting", stage(model.status(0), "behavior").get("state"));
        assertNull(stage(model.status(0), "behavior").get("p50Ms"));
        for (int i = 1; i <= 100; i++) {
            model.onBehavior(new Behavior("s", 10 * S, 0, 1, 0, 0, 0, 0, false, false, -1), 10 * S + i * 1_000_000L);
        }
        Map<String, Object> behavior = stage(model.status(11 * S), "behavior");
        assertEquals("ok", behavior.get("state"));
        assertEquals(100L, behavior.get("records"));
        assertEquals(50.0, behavior.get("p50Ms"));
        assertEquals(99.0, behavior.get("p99Ms"));
        assertEquals("late", stage(model.status(20 * S), "behavior").get("state"), "silent for more than 5 s");
        RigEvent heartbeat = RigEvent.of("s", 10 * S, RigEventKind.HEARTBEAT);
        model.onRigEvent(heartbeat, 10 * S);
        assertTrue(stage(model.status(100 * S), "rig").get("state").equals("ok"),
                "the rig speaks when something happens: silence is not lateness");
    }
}
