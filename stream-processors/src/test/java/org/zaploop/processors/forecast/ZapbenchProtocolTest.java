package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.zaploop.processors.forecast.ZapbenchProtocol.Condition;
import org.zaploop.processors.forecast.ZapbenchProtocol.Range;
import org.zaploop.processors.forecast.ZapbenchProtocol.Split;

class ZapbenchProtocolTest {

    @Test
    void gainSplitsByHand() {
        ZapbenchProtocol p = ZapbenchProtocol.standard(4);
        Condition gain = p.conditions().get(0);
        // [0, 649) → padded [1, 648), n = 647: test 129, val 64, train 454
        assertEquals(new Range(1, 648), p.padded(gain));
        assertEquals(new Range(1, 455), p.targets(gain, Split.TRAIN));
        assertEquals(new Range(455, 519), p.targets(gain, Split.VAL));
        assertEquals(new Range(519, 648), p.targets(gain, Split.TEST));
        assertEquals(new Range(515, 648), p.data(gain, Split.TEST));
        assertEquals(129 - 32 + 1, p.windows(gain, Split.TEST));
        assertEquals(515, p.windowStart(gain, Split.TEST, 0)); // inputs 515..518, first target 519
        int last = p.windowStart(gain, Split.TEST, p.windows(gain, Split.TEST) - 1);
        assertEquals(648, last + 4 + 32); // last target frame 647 = padded end − 1
        assertEquals(454 - 4 - 32 + 1, p.windows(gain, Split.TRAIN));
        assertEquals(64 - 31, p.windows(gain, Split.VAL));
        assertEquals(451, p.windowStart(gain, Split.VAL, 0));
    }

    @Test
    void taxisIsHeldOut() {
        ZapbenchProtocol p = ZapbenchProtocol.standard(256);
        Condition taxis = p.conditions().get(ZapbenchProtocol.TAXIS);
        assertTrue(taxis.heldOut());
        assertEquals("taxis", taxis.name());
        // [3078, 3735) → padded [3079, 3734); test targets skip its first 256 frames
        assertEquals(new Range(3335, 3734), p.targets(taxis, Split.TEST));
        assertEquals(new Range(3079, 3734), p.data(taxis, Split.TEST));
        assertEquals(399 - 31, p.windows(taxis, Split.TEST));
        assertEquals(0, p.windows(taxis, Split.TRAIN));
        assertEquals(0, p.windows(taxis, Split.VAL));
        assertEquals(8, p.trainSegments().size());
    }

    @Test
    void darkAndLongContext() {
        ZapbenchProtocol p = ZapbenchProtocol.standard(256);
        Condition dark = p.conditions().get(8);
        // [7279, 7879) → padded [7280, 7878), n = 598: test 119, val 59, train 420
        assertEquals(new Range(7280, 7700), p.targets(dark, Split.TRAIN));
        assertEquals(new Range(7700, 7759), p.targets(dark, Split.VAL));
        assertEquals(new Range(7759, 7878), p.targets(dark, Split.TEST));
        assertEquals(7759 - 256, p.windowStart(dark, Split.TEST, 0));
        assertEquals(119 - 31, p.windows(dark, Split.TEST));
        assertEquals(420 - 256 - 32 + 1, p.windows(dark, Split.TRAIN));
    }

    @Test
    void proportionalAndFromFrames() {
        ZapbenchProtocol p = ZapbenchProtocol.proportional(788, 4);
        assertEquals(0, p.conditions().get(0).from());
        assertEquals(65, p.conditions().get(0).to()); // round(649 · 788 / 7879) = 65
        assertEquals(788, p.conditions().get(8).to());
        int[] per = new int[100];
        for (int f = 0; f < 100; f++) {
            per[f] = f < 40 ? 1 : f < 70 ? 3 : 1;
        }
        ZapbenchProtocol q = ZapbenchProtocol.fromConditionPerFrame(per, 4);
        assertEquals(3, q.conditions().size());
        assertTrue(q.conditions().get(1).heldOut());
        assertEquals(new Range(41, 69), q.padded(q.conditions().get(1)));
    }
}
