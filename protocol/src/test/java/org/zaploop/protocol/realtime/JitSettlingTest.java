package org.zaploop.protocol.realtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitSettlingTest {

    private static final long S = 1_000_000_000L;

    @Test
    void settledOnlyAfterAWholeWindowOfLittleCompiling() {
        JitSettling j = new JitSettling(5, 0.02, 60, 5);
        long ms = 0;
        // 10 s of busy compiling (half a core), then 3 % of a core, then 1 %
        for (int t = 0; t <= 10; t++) {
            assertFalse(j.settled(ms, t * S), "still compiling at " + t + " s");
            ms += 500;
        }
        for (int t = 11; t <= 15; t++) {
            ms += 30;
            assertFalse(j.settled(ms, t * S), "3 % of a core at " + t + " s");
        }
        // a window of k seconds at 1 % and 5 − k at 3 % is under 2 % once k ≥ 3: at 18 s
        for (int t = 16; t <= 17; t++) {
            ms += 10;
            assertFalse(j.settled(ms, t * S), "the window still holds 3 % seconds at " + t + " s");
        }
        ms += 10;
        assertTrue(j.settled(ms, 18 * S));
    }

    @Test
    void aCompilerThatNeverRestsIsWaitedForAtMostTheMaximum() {
        JitSettling j = new JitSettling(5, 0.02, 60, 5);
        long ms = 0;
        for (int t = 0; t < 60; t++) {
            assertFalse(j.settled(ms, t * S));
            ms += 300;
        }
        assertTrue(j.settled(ms, 60 * S));
    }

    @Test
    void aWindowIsNotJudgedBeforeItIsFull() {
        JitSettling j = new JitSettling(5, 0.02, 60, 5);
        for (int t = 0; t < 5; t++) {
            assertFalse(j.settled(0, t * S), "only " + t + " s of samples");
        }
        assertTrue(j.settled(0, 5 * S));
        assertThrows(IllegalArgumentException.class, () -> new JitSettling(5, 0.02, 4, 5));
    }
}
