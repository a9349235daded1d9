package org.zaploop.launcher.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a long-running command lives: until its {@code --duration} has passed or the user presses Ctrl-C.
 * On Ctrl-C the JVM's shutdown hook waits (up to 30 s) for the command to close its parts cleanly, so a
 * broker's files and a recording are never left half-written.
 */
public final class Lifetime {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;
    private volatile String reason = "duration elapsed";

    public Lifetime() {
        hook = new Thread(() -> {
            reason = "stopped by the user (Ctrl-C or a stop signal)";
            stopRequested.countDown();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "zaploop-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits up to {@code tick}; returns true when the command should stop now. */
    public boolean awaitStop(Duration tick) throws InterruptedException {
        return stopRequested.await(tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the lifetime from inside (for example when the duration has passed). */
    public void stop(String why) {
        reason = why;
        stopRequested.countDown();
    }

    public String reason() {
        return reason;
    }

    /** Called once everything is closed: lets a pending Ctrl-C finish, and removes the hook otherwise. */
    public void closed() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting through the hook: nothing to remove
        }
    }
}
