package org.zaploop.launcher.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a target's inputs on a worker thread and watches it: an input still running after the time bound is a hang
 * (the worker is abandoned — a daemon thread — and the target stops there), and the heap's peak use is read from the
 * JVM's memory pools. One guard per campaign; targets run one after another.
 */
final class HangGuard {

    /** A loop over inputs that marks each one's start, so the guard can time it. */
    interface Inputs {
        void run(HangGuard guard) throws Exception;
    }

    private final long boundNs;
    private volatile long startedNs;
    private volatile String current = "";
    private final AtomicLong inputsStarted = new AtomicLong();

    HangGuard(Duration perInput) {
        this.boundNs = perInput.toNanos();
    }

    /** Called by the worker before each input. */
    void starting(String what) {
        current = what;
        startedNs = System.nanoTime();
        inputsStarted.incrementAndGet();
    }

    /** Called by the worker after each input. */
    void finished() {
        startedNs = 0;
    }

    /**
     * Runs the loop; returns null when it finished, the hung input's description when one overran the bound.
     *
     * @throws Exception what the loop threw (the caller turns it into a crash)
     */
    String run(String name, Inputs inputs) throws Exception {
        Exception[] failure = new Exception[1];
        Error[] error = new Error[1];
        startedNs = 0;
        Thread worker = new Thread(() -> {
            try {
                inputs.run(this);
            } catch (Exception e) {
                failure[0] = e;
            } catch (Error e) {
                error[0] = e;
            }
        }, "zaploop-fuzz-" + name);
        worker.setDaemon(true);
        worker.start();
        while (true) {
            worker.join(50);
            if (!worker.isAlive()) {
                break;
            }
            long t = startedNs;
            if (t != 0 && System.nanoTime() - t > boundNs) {
                worker.interrupt();
                return current + ": still running after " + boundNs / 1_000_000 + " ms";
            }
        }
        if (error[0] != null) {
            throw error[0];
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return null;
    }

    /** The heap's peak use since the JVM started, in bytes (sum of the heap pools' peaks). */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
