package org.zaploop.load.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The bounded-lag rule on synthetic lag series: a consumer that keeps up, one that falls behind, edge cases. */
class BoundednessTest {

    private final Boundedness rule = Boundedness.defaults();

    /** 60 one-second samples: input {@code inputPerS} records/s, lag = f(t). */
    private static List<LagSample> series(double inputPerS, java.util.function.DoubleUnaryOperator lag) {
        List<LagSample> s = new ArrayList<>();
        for (int t = 1; t <= 60; t++) {
            s.add(new LagSample(t, Math.round(lag.applyAsDouble(t)), Math.round(1000 + inputPerS * t)));
        }
        return s;
    }

    @Test
    void aConsumerThatKeepsUpWithNoisyLagIsBounded() {
        SplittableRandom r = new SplittableRandom(3);
        LagVerdict v = rule.judge(series(150, t -> 20 + r.nextInt(40)));
        assertTrue(v.bounded(), v.reason());
        assertEquals(150, v.inputPerSecond(), 1);
        assertTrue(v.lagSeconds() < 1, v.reason());
    }

    @Test
    void aConsumerThatFallsBehindIsNotBounded() {
        // consumes 120 of every 150 records: the lag grows by 30/s, 20 % of the input
        LagVerdict v = rule.judge(series(150, t -> 30 * t));
        assertFalse(v.bounded(), v.reason());
        assertEquals(0.2, v.growth(), 0.01);
    }

    @Test
    void aSlowDriftBelowTheLimitIsBoundedButAFastOneIsNot() {
        assertTrue(rule.judge(series(1000, t -> 100 + 20 * t)).bounded());   // 2 % of the input
        assertFalse(rule.judge(series(1000, t -> 100 + 80 * t)).bounded());  // 8 %
    }

    @Test
    void aFlatButLargeLagIsNotBounded() {
        // steady, but 30 s of input behind: the consumer caught a rate, not the stream
        LagVerdict v = rule.judge(series(100, t -> 3000));
        assertFalse(v.bounded(), v.reason());
        assertEquals(30, v.lagSeconds(), 0.5);
    }

    @Test
    void aBacklogThatIsWorkedOffIsBounded() {
        // a step's first half absorbs a burst; the second half drains it
        LagVerdict v = rule.judge(series(200, t -> t < 30 ? 50 * t : Math.max(0, 1500 - 60 * (t - 30))));
        assertTrue(v.bounded(), v.reason());
    }

    @Test
    void aSawToothFromBurstsAndPeriodicCommitsIsBounded() {
        // 20 blocks every 4 s (5 records/s), read at once but committed a little later: single samples jump
        LagVerdict v = rule.judge(series(5, t -> t % 4 == 0 ? 20 : t % 4 == 1 ? 8 : 0));
        assertTrue(v.bounded(), v.reason());
    }

    @Test
    void aRisingFloorUnderTheSawToothIsNotBounded() {
        LagVerdict v = rule.judge(series(5, t -> (t % 4 == 0 ? 20 : 0) + 0.5 * t));
        assertFalse(v.bounded(), v.reason());
    }

    @Test
    void withoutInputOnlyAnEmptyBacklogIsBounded() {
        assertTrue(rule.judge(series(0, t -> 0)).bounded());
        assertFalse(rule.judge(series(0, t -> 7)).bounded());
    }

    @Test
    void tooFewSamplesAreNotJudgedBounded() {
        List<LagSample> three = series(100, t -> 0).subList(0, 3);
        assertFalse(rule.judge(three).bounded());
    }

    @Test
    void theLimitsAreTheRulesParameters() {
        Boundedness lenient = new Boundedness(0.5, 60);
        assertTrue(lenient.judge(series(150, t -> 30 * t)).bounded());
    }
}
