package org.zaploop.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.Stimulus;

class PlaybackPolicyTest {

    static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void theNineConditionsInOrderWithZapbenchProportions() {
        PlaybackPolicy p = new PlaybackPolicy(new PolicyParams(Map.of("scale", "0.01")));
        long total = Math.round(7879 * 0.9141 * 0.01 * 1e9);
        assertEquals(total, p.totalNs(), 9);
        List<Integer> seen = new ArrayList<>();
        List<Stimulus> stimuli = new ArrayList<>();
        for (long t = 0; t < total; t += 10_000_000L) {
            Proposal pr = p.decide(new PolicyInput.Tick(T0 + t));
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(pr.condition())) {
                seen.add(pr.condition());
                stimuli.add(pr.stimulus());
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), seen);
        assertEquals(List.of(Stimulus.GRATING, Stimulus.DOTS, Stimulus.FLASH, Stimulus.PHOTOTAXIS, Stimulus.ROTATION,
                Stimulus.GRATING, Stimulus.GRATING, Stimulus.ROTATION, Stimulus.DARK), stimuli);
        // dots last 1773 frames of 7879
        long dotsStart = Math.round(649 * 0.9141 * 0.01 * 1e9);
        assertEquals(1, p.decide(new PolicyInput.Tick(T0 + dotsStart + 1_000_000)).condition());
        assertEquals(0, p.decide(new PolicyInput.Tick(T0 + dotsStart - 1_000_000)).condition());
        // repeats by default
        assertEquals(0, p.decide(new PolicyInput.Tick(T0 + total + 1)).condition());
    }

    @Test
    void conditionsMapToTheirStimulusParameters() {
        PlaybackPolicy p = new PlaybackPolicy(new PolicyParams(Map.of("conditions", "0,6,2", "phaseS", "1",
                "repeat", "false")));
        p.decide(new PolicyInput.Tick(T0));
        assertEquals(Map.of("velocity", 10.0, "gain", 0.5), p.decide(new PolicyInput.Tick(T0 + 100_000_000L)).params());
        assertEquals(1.5, p.decide(new PolicyInput.Tick(T0 + 1_100_000_000L)).params().get("gain"), "gain alternates");
        long openLoop = Math.round(649 * 0.9141 * 1e9) + 1;
        assertEquals(0.0, p.decide(new PolicyInput.Tick(T0 + openLoop)).params().get("gain"), "open loop: gain 0");
        long flash = openLoop + Math.round(985 * 0.9141 * 1e9);
        Proposal on = p.decide(new PolicyInput.Tick(T0 + flash));
        assertEquals(Stimulus.FLASH, on.stimulus());
        assertEquals(Stimulus.OFF, p.decide(new PolicyInput.Tick(T0 + flash + 2_000_000_000L)).stimulus());
        assertEquals(Stimulus.OFF, p.decide(new PolicyInput.Tick(T0 + 10_000_000_000_000L)).stimulus(), "finished");
        assertNull(p.decide(new PolicyInput.BehaviorInput(null, null)), "open loop: ignores inputs");
    }

    @Test
    void badParamsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PlaybackPolicy(new PolicyParams(Map.of("scale", "0"))));
        assertThrows(IllegalArgumentException.class, () -> new PlaybackPolicy(new PolicyParams(Map.of("conditions", "9"))));
        assertThrows(IllegalArgumentException.class, () -> new PlaybackPolicy(new PolicyParams(Map.of("scael", "1"))));
    }
}
