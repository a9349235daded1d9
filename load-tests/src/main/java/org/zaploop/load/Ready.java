package org.zaploop.load;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a started part of the pipeline to be ready (a Streams application RUNNING, a table loaded). */
public final class Ready {

    private Ready() {
    }

    /** Returns once {@code ready} holds; throws naming {@code what} after {@code timeout}. */
    public static void await(BooleanSupplier ready, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(what + " was not ready within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(50_000_000);
        }
    }
}
