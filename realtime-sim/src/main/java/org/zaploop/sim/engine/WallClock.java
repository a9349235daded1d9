package org.zaploop.sim.engine;

import java.util.concurrent.locks.LockSupport;

/** Time source and sleeper for {@link RealtimeRunner}; tests substitute a fake. */
public interface WallClock {

    long nanoTime();

    /** Waits until {@link #nanoTime()} reaches {@code deadline} (may return early if interrupted). */
    void sleepUntil(long deadline);

    /** The system clock: {@link System#nanoTime()} and parking. */
    WallClock SYSTEM = new WallClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadline) {
            long left;
            while ((left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(left);
            }
        }
    };
}
