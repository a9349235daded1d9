package org.zaploop.launcher.chaos;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting inside a chaos scenario: for a condition (polled, bounded) or for a phase of the scenario to pass. */
final class ChaosClock {

    private ChaosClock() {
    }

    /** Polls {@code condition} every 100 ms until it holds (true) or {@code limit} passes (false). */
    static boolean until(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** A phase of the scenario (the loop running, the outage): its length is what the operator asked for. */
    static void hold(Duration phase) throws InterruptedException {
        Thread.sleep(phase.toMillis());
    }

    static double seconds(long ns) {
        return Math.round(ns / 1e8) / 10.0;
    }
}
