package org.zaploop.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The status line's latency forgets what is older than a minute: start-up does not stay in the p99 for good. */
class RecentLatencyTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    @Test
    void startUpLatencyLeavesThePercentilesAfterAMinute() {
        AtomicLong clock = new AtomicLong(5 * S);
        RecentLatency l = new RecentLatency(clock::get);
        assertTrue(Double.isNaN(l.snapshotMs()[1]), "nothing recorded yet");
        for (int i = 0; i < 100; i++) {
            l.recordNs(200 * MS); // start-up: the JIT and the broker warming up
        }
        assertEquals(200, l.snapshotMs()[1], 1);
        for (int t = 1; t <= 55; t++) {
            clock.set(5 * S + t * S);
            for (int i = 0; i < 10; i++) {
                l.recordNs(2 * MS);
            }
            double[] now = l.snapshotMs();
            assertEquals(200, now[1], 1, "start-up still within the last minute at " + t + " s");
        }
        for (int t = 56; t <= 75; t++) {
            clock.set(5 * S + t * S);
            for (int i = 0; i < 10; i++) {
                l.recordNs(2 * MS);
            }
            l.snapshotMs();
        }
        double[] later = l.snapshotMs();
        assertEquals(2, later[0], 0.01);
        assertEquals(2, later[1], 0.01, "start-up has left the window");
        assertTrue(later[2] >= 500 && later[2] <= 600, "50–60 s of 10 per second: " + later[2]);
    }

    @Test
    void aLongSilenceEmptiesTheWindow() {
        AtomicLong clock = new AtomicLong(0);
        RecentLatency l = new RecentLatency(clock::get);
        l.recordNs(3 * MS);
        l.recordNs(-1); // a clock step backwards is not a latency
        assertEquals(1, l.snapshotMs()[2]);
        clock.set(3_600 * S);
        assertEquals(0, l.snapshotMs()[2]);
        l.recordNs(4 * MS);
        assertEquals(4, l.snapshotMs()[1], 0.01);
    }
}
