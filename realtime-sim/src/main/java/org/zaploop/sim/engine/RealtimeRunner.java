package org.zaploop.sim.engine;

/**
 * Runs a {@link Simulator} locked to the wall clock: it simulates in chunks of {@code chunkMs}
 * and waits until the wall clock catches up after each. When the engine is too slow the lag
 * grows; it never skips or drops simulated time, and it never falls behind silently: the
 * listener hears {@code keepingUp = false} as soon as the lag exceeds {@code maxLagMs}, and
 * {@code true} again once it is back within. Status also arrives every {@code reportEveryMs} of
 * simulated time. The other clock, as fast as possible, is {@link Simulator#run} itself.
 */
public final class RealtimeRunner {

    private final Simulator sim;
    private final long chunkSteps;
    private final double chunkMs;
    private final double maxLagMs;
    private final double reportEveryMs;
    private final ClockListener listener;
    private final WallClock clock;
    private volatile boolean stopRequested;

    public RealtimeRunner(Simulator sim, double chunkMs, double maxLagMs, double reportEveryMs,
                          ClockListener listener, WallClock clock) {
        double dt = sim.network().dtMs();
        this.chunkSteps = Math.max(1, Math.round(chunkMs / dt));
        this.chunkMs = chunkSteps * dt;
        if (!(maxLagMs >= 0) || !(reportEveryMs > 0)) {
            throw new IllegalArgumentException("maxLagMs must be >= 0 and reportEveryMs > 0");
        }
        this.sim = sim;
        this.maxLagMs = maxLagMs;
        this.reportEveryMs = reportEveryMs;
        this.listener = listener;
        this.clock = clock;
    }

    /** Defaults: 1 ms chunks, 20 ms lag tolerance, a report every simulated second, system clock. */
    public RealtimeRunner(Simulator sim, ClockListener listener) {
        this(sim, 1.0, 20.0, 1000.0, listener, WallClock.SYSTEM);
    }

    /** Asks a running {@link #run} to return after its current chunk (any thread). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Simulates {@code durationMs} paced to the wall clock (blocks); returns the final status.
     * Returns early after {@link #stop()}.
     */
    public ClockStatus run(double durationMs) {
        stopRequested = false;
        long start = clock.nanoTime();
        double sim0 = 0;
        double nextReport = reportEveryMs;
        boolean keepingUp = true;
        long busyNanos = 0;
        double busySimMs = 0;
        ClockStatus last = new ClockStatus(0, 0, 0, Double.NaN, true);
        while (sim0 + chunkMs / 2 < durationMs && !stopRequested) {
            long t0 = clock.nanoTime();
            sim.run(chunkSteps);
            long t1 = clock.nanoTime();
            busyNanos += t1 - t0;
            busySimMs += chunkMs;
            sim0 += chunkMs;
            double wallMs = (t1 - start) / 1e6;
            double lag = wallMs - sim0;
            boolean now = lag <= maxLagMs;
            boolean report = now != keepingUp || sim0 + 1e-9 >= nextReport || sim0 + chunkMs / 2 >= durationMs;
            keepingUp = now;
            if (report) {
                double rt = busyNanos > 0 ? busySimMs / (busyNanos / 1e6) : Double.POSITIVE_INFINITY;
                last = new ClockStatus(sim0, wallMs, lag, rt, keepingUp);
                listener.onStatus(last);
                busyNanos = 0;
                busySimMs = 0;
                while (nextReport <= sim0 + 1e-9) {
                    nextReport += reportEveryMs;
                }
            }
            if (lag < 0) {
                clock.sleepUntil(start + (long) (sim0 * 1e6));
            }
        }
        return last;
    }
}
