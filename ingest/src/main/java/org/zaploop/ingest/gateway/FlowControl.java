package org.zaploop.ingest.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Back-pressure accounting: bytes received from rigs and not yet acknowledged by Kafka (or rejected), per
 * connection and in total. A connection whose own count, or the total, goes above {@code maxBytes} is paused
 * (its socket stops reading, TCP flow control slows the rig); it resumes once both are at most half of it.
 * Nothing is buffered without bound and nothing is dropped: a paused rig simply waits.
 *
 * <p>Plain Java: a {@link Valve} does the pausing. A flow's {@code acquire}, {@code release} and resume checks
 * run on its owner's thread (the connection's event loop); the totals are atomic.
 */
final class FlowControl {

    /** What a flow pauses and resumes: a socket. */
    interface Valve {
        void pause();

        void resume();

        /** Runs {@code task} on the valve's owner thread. */
        void execute(Runnable task);
    }

    private final long maxBytes;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();
    private final Set<Flow> paused = ConcurrentHashMap.newKeySet();
    private final LongAdder pauses = new LongAdder();
    private final LongAdder pausedNanos = new LongAdder();

    FlowControl(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    Flow open(Valve valve) {
        return new Flow(valve);
    }

    /** Total bytes in flight now. */
    long inFlightBytes() {
        return total.get();
    }

    /** Highest total ever seen. */
    long highWaterBytes() {
        return highWater.get();
    }

    boolean overLimit() {
        return total.get() > maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    long pauses() {
        return pauses.sum();
    }

    /** Time connections spent paused, summed over connections (ongoing pauses included up to now). */
    long pausedNanos() {
        long ongoing = 0;
        long now = System.nanoTime();
        for (Flow f : paused) {
            long since = f.pausedSince;
            if (since != 0) {
                ongoing += now - since;
            }
        }
        return pausedNanos.sum() + ongoing;
    }

    /** Accounts bytes that no socket can be paused for (HTTP bodies, already read). */
    void acquireUnpaused(long bytes) {
        add(bytes);
    }

    void releaseUnpaused(long bytes) {
        add(-bytes);
        wakeIfLow();
    }

    private long add(long bytes) {
        long t = total.addAndGet(bytes);
        if (bytes > 0) {
            highWater.accumulateAndGet(t, Math::max);
        }
        return t;
    }

    private void wakeIfLow() {
        if (!paused.isEmpty() && total.get() <= maxBytes / 2) {
            for (Flow f : paused) {
                f.valve.execute(f::maybeResume);
            }
        }
    }

    /** One connection's share. */
    final class Flow {

        private final Valve valve;
        private long bytes;
        private boolean isPaused;
        private volatile long pausedSince;

        private Flow(Valve valve) {
            this.valve = valve;
        }

        /** On the owner thread: a record of {@code n} bytes arrived; pauses the socket if over the limit. */
        void acquire(long n) {
            bytes += n;
            long t = add(n);
            if (!isPaused && (bytes > maxBytes || t > maxBytes)) {
                isPaused = true;
                pausedSince = System.nanoTime();
                pauses.increment();
                paused.add(this);
                valve.pause();
            }
        }

        /** On the owner thread: a record of {@code n} bytes was acknowledged or rejected. */
        void release(long n) {
            bytes -= n;
            add(-n);
            maybeResume();
            wakeIfLow();
        }

        long bytes() {
            return bytes;
        }

        boolean isPaused() {
            return isPaused;
        }

        /** On the owner thread: resumes if both this flow and the total are at most half the limit. */
        void maybeResume() {
            if (isPaused && bytes <= maxBytes / 2 && total.get() <= maxBytes / 2) {
                isPaused = false;
                paused.remove(this);
                pausedNanos.add(System.nanoTime() - pausedSince);
                pausedSince = 0;
                valve.resume();
            }
        }

        /** On the owner thread, when the connection closes: stop counting its pause. */
        void close() {
            if (isPaused) {
                isPaused = false;
                paused.remove(this);
                pausedNanos.add(System.nanoTime() - pausedSince);
                pausedSince = 0;
            }
        }
    }
}
