package org.zaploop.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Stimulus;

class OptomotorPolicyTest {

    static final long T0 = 1_700_000_000_000_000_000L;

    static PolicyInput.BehaviorInput b(long t, double vigor) {
        return new PolicyInput.BehaviorInput(new Behavior("s", t, 0, 59, vigor, vigor, vigor, 0, true, false, 1),
                new InputRef("zl.behavior", 0, 1, t));
    }

    @Test
    void gainScheduleAlternatesBlocksFromTheFirstRecord() {
        OptomotorPolicy p = new OptomotorPolicy(new PolicyParams(Map.of("gains", "0.5,1,2", "blockS", "10")));
        Proposal first = p.decide(b(T0, 0.1));
        assertEquals(Stimulus.GRATING, first.stimulus());
        assertEquals(Map.of("velocity", 10.0, "gain", 0.5), first.params());
        assertEquals(0, first.condition());
        assertEquals(1.0, p.decide(b(T0 + 10_000_000_000L, 0.1)).params().get("gain"));
        assertEquals(2.0, p.decide(b(T0 + 25_000_000_000L, 0.1)).params().get("gain"));
        assertEquals(0.5, p.decide(b(T0 + 30_000_000_000L, 0.1)).params().get("gain"));
        assertNull(p.decide(new PolicyInput.Tick(T0)));
    }

    @Test
    void controllerLoopSubtractsTheFishsOwnSwimming() {
        OptomotorPolicy p = new OptomotorPolicy(new PolicyParams(Map.of("loop", "controller", "gains", "1")));
        long frame = 10_000_000L; // the default minIntervalMs: one display frame
        assertEquals(10.0, p.decide(b(T0, 0)).params().get("velocity"));
        assertNull(p.decide(b(T0 + frame / 2, 0.5)), "no second command within one display frame");
        assertEquals(10 - 0.5 * 20, p.decide(b(T0 + frame, 0.5)).params().get("velocity"), 1e-12);
        assertEquals(0.0, p.decide(b(T0 + 2 * frame, 0.5)).params().get("gain"), "the rig must not subtract it again");
        assertThrows(IllegalArgumentException.class,
                () -> new OptomotorPolicy(new PolicyParams(Map.of("loop", "both"))));
    }
}
