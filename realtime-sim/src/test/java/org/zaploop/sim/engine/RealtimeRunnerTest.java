package org.zaploop.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zaploop.sim.networks.VogelsAbbott;

class RealtimeRunnerTest {

    /** A fake wall clock: each reading costs {@code costPerRead} ns, sleeping jumps to the deadline. */
    private static final class FakeClock implements WallClock {
        long now;
        long costPerRead;
        long slept;

        @Override
        public long nanoTime() {
            now += costPerRead;
            return now;
        }

        @Override
        public void sleepUntil(long deadline) {
            if (deadline > now) {
                slept += deadline - now;
                now = deadline;
            }
        }
    }

    @Test
    void fastEngineIsPacedToTheWallClockAndReportsKeepingUp() {
        Network net = NetworkBuilder.build(VogelsAbbott.cuba(400, 20, 0.1), 1);
        FakeClock clock = new FakeClock();
        clock.costPerRead = 10_000; // 10 µs per reading: the engine looks 50x faster than real time
        List<ClockStatus> seen = new ArrayList<>();
        try (Simulator sim = new Simulator(net, 1)) {
            ClockStatus last = new RealtimeRunner(sim, 1.0, 20.0, 100.0, seen::add, clock).run(500);
            assertEquals(500.0, last.simTimeMs(), 1e-6);
            assertTrue(last.keepingUp());
            assertTrue(clock.slept > 400_000_000L, "the runner must wait for the wall clock");
            assertEquals(5000, net.step());
        }
        assertEquals(5, seen.size());
        assertTrue(seen.stream().allMatch(ClockStatus::keepingUp));
    }

    @Test
    void slowEngineSaysSoAtOnceAndNeverSkipsTime() {
        Network net = NetworkBuilder.build(VogelsAbbott.cuba(400, 20, 0.1), 1);
        FakeClock clock = new FakeClock();
        clock.costPerRead = 1_500_000; // 1.5 ms per reading: each 1 ms chunk costs 3 ms of wall time
        List<ClockStatus> seen = new ArrayList<>();
        try (Simulator sim = new Simulator(net, 1)) {
            ClockStatus last = new RealtimeRunner(sim, 1.0, 20.0, 1000.0, seen::add, clock).run(200);
            assertFalse(last.keepingUp());
            assertEquals(200.0, last.simTimeMs(), 1e-6);
            assertEquals(2000, net.step(), "no simulated time is dropped");
        }
        ClockStatus first = seen.get(0);
        assertFalse(first.keepingUp(), "the first report is the change to falling behind");
        assertTrue(first.lagMs() > 20 && first.lagMs() < 25, "reported as soon as lag passes 20 ms: " + first.lagMs());
        assertTrue(first.realtimeFactor() < 1);
    }
}
