package org.zaploop.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.Stimulus;

/** The safe-state guards: manual stop, rig heartbeat, staleness; and their order in the envelope. */
class GuardsTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void manualStopLatchesUntilCleared() {
        ManualStop s = new ManualStop();
        assertFalse(s.stopped());
        assertTrue(s.stop("fish looks unwell", T0));
        assertFalse(s.stop("again", T0 + MS));
        assertEquals("fish looks unwell", s.latch().reason());
        assertTrue(s.stopped());
        assertTrue(s.clear());
        assertFalse(s.clear());
        assertFalse(s.stopped());
    }

    @Test
    void anUnansweredCommandLosesTheRig() {
        RigLink rig = new RigLink(2_000);
        assertNull(rig.lostReason(T0 + 10_000 * MS), "idle, no heartbeats expected: not lost");
        rig.sent(T0);
        rig.sent(T0 + 1_000 * MS);
        assertNull(rig.lostReason(T0 + 2_000 * MS));
        assertNotNull(rig.lostReason(T0 + 2_001 * MS), "counted from the first unanswered command");
        rig.ack(T0 + 2_100 * MS);
        assertNull(rig.lostReason(T0 + 3_000 * MS));
    }

    @Test
    void aRigThatSentHeartbeatsIsLostWhenTheyStop() {
        RigLink rig = new RigLink(2_000);
        rig.heartbeat(T0);
        assertNull(rig.lostReason(T0 + 2_000 * MS));
        assertNotNull(rig.lostReason(T0 + 2_001 * MS));
        rig.heartbeat(T0 + 2_500 * MS);
        assertNull(rig.lostReason(T0 + 3_000 * MS));
    }

    @Test
    void freshnessPerKind() {
        Freshness f = new Freshness(SafetyLimits.defaults());
        assertNotNull(f.staleReason(Set.of(InputKind.BEHAVIOR), T0), "no input yet is stale");
        assertNull(f.staleReason(Set.of(), T0), "an open-loop policy needs nothing");
        f.seen(InputKind.BEHAVIOR, T0);
        f.seen(InputKind.BEHAVIOR, T0 - 500 * MS); // an older record arriving late does not roll back
        assertEquals(T0, f.newest(InputKind.BEHAVIOR));
        assertNull(f.staleReason(Set.of(InputKind.BEHAVIOR), T0 + 250 * MS));
        assertNotNull(f.staleReason(Set.of(InputKind.BEHAVIOR), T0 + 251 * MS));
        f.seen(InputKind.TRACES, T0);
        assertNull(f.staleReason(Set.of(InputKind.TRACES), T0 + 2_900 * MS), "frames have their own, longer limit");
        assertNotNull(f.staleReason(Set.of(InputKind.TRACES), T0 + 3_001 * MS));
        assertNotNull(f.staleReason(InputKind.BEHAVIOR, T0 - 300 * MS, T0), "one late record is stale by itself");
    }

    @Test
    void envelopeGuardOrderIsStopThenRigThenStaleness() {
        SafetyEnvelope e = new SafetyEnvelope(SafetyLimits.defaults());
        Set<InputKind> needs = Set.of(InputKind.BEHAVIOR);
        assertEquals(Rules.STALE_INPUT, e.safeStateReason(needs, T0).rule());
        e.freshness().seen(InputKind.BEHAVIOR, T0);
        assertNull(e.safeStateReason(needs, T0));
        e.sent(Stimulus.GRATING, Map.of(), T0, T0 + 100 * MS);
        assertEquals(Rules.RIG_HEARTBEAT, e.safeStateReason(Set.of(), T0 + 2_001 * MS).rule());
        e.manualStop().stop("test", T0);
        assertEquals(Rules.MANUAL_STOP, e.safeStateReason(needs, T0 + 3_000 * MS).rule());
    }

    @Test
    void envelopeClampsThenChecksTheBudgetOnTheClampedValues() {
        SafetyEnvelope e = new SafetyEnvelope(SafetyLimits.defaults());
        SafetyEnvelope.Verdict v = e.check(Stimulus.PHOTOSTIM, Map.of("intensity", 5.0), T0, T0 + 100 * MS);
        assertTrue(v.allowed());
        assertEquals(0.5, v.params().get("intensity"));
        assertEquals(Rules.MAX_INTENSITY, v.clamps());
        assertTrue(v.notes().contains("asked 5.0"));
    }
}
