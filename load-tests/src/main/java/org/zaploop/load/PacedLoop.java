package org.zaploop.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * A thread that calls {@code step(i)} for i = 0, 1, 2 … at {@code baseHz × rate} per second, as an instrument
 * acquires: on schedule, not as fast as possible. The rate can change while it runs. When a step runs late by more
 * than a second (the producer is blocked by the broker, or the machine is saturated) the schedule restarts from
 * now and the slip is counted: a microscope does not wait either, and the report says so.
 */
public final class PacedLoop implements AutoCloseable {

    private final Thread thread;
    private final double baseHz;
    private volatile double rate;
    private volatile boolean running = true;
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong slips = new AtomicLong();
    private volatile Throwable failure;

    public PacedLoop(String name, double baseHz, double rate, LongConsumer step) {
        if (!(baseHz > 0) || !(rate > 0)) {
            throw new IllegalArgumentException(name + ": rate must be > 0");
        }
        this.baseHz = baseHz;
        this.rate = rate;
        this.thread = new Thread(() -> run(step), name);
        thread.setDaemon(true);
    }

    public PacedLoop start() {
        thread.start();
        return this;
    }

    public void rate(double multiplier) {
        if (!(multiplier > 0)) {
            throw new IllegalArgumentException("rate must be > 0, got " + multiplier);
        }
        rate = multiplier;
    }

    private void run(LongConsumer step) {
        long due = System.nanoTime();
        try {
            for (long i = 0; running; i++) {
                long now = System.nanoTime();
                while (now < due && running) {
                    LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                    now = System.nanoTime();
                }
                if (!running) {
                    return;
                }
                step.accept(i);
                steps.incrementAndGet();
                due += (long) (1e9 / (baseHz * rate));
                if (System.nanoTime() - due > 1_000_000_000L) {
                    slips.incrementAndGet();
                    due = System.nanoTime();
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    public long steps() {
        return steps.get();
    }

    /** Times the loop fell more than a second behind its schedule. */
    public long slips() {
        return slips.get();
    }

    /** What stopped the loop, or null. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
