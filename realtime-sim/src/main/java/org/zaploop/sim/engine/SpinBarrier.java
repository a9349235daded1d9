package org.zaploop.sim.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sense-reversing barrier for a fixed set of threads that meet once per time step. At dt = 0.1 ms
 * there are 10,000 steps per simulated second, so parking threads would cost more than the
 * step itself: waiters spin with {@link Thread#onSpinWait()} and only then yield. Breakable, so a
 * failing worker cannot leave the others spinning forever.
 */
final class SpinBarrier {

    private static final int SPINS_BEFORE_YIELD = 5_000;

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    // padding keeps the generation word off the counter's cache line (written by every arrival)
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
    private volatile int generation;
    private volatile boolean broken;

    SpinBarrier(int parties) {
        this.parties = parties;
    }

    void await() {
        int gen = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = gen + 1;
            return;
        }
        int spins = 0;
        while (generation == gen) {
            if (broken) {
                throw new IllegalStateException("simulator barrier broken by a failed worker");
            }
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    void breakBarrier() {
        broken = true;
    }
}
