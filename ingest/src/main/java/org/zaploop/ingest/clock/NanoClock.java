package org.zaploop.ingest.clock;

import java.time.Instant;

/**
 * A clock in nanoseconds since the Unix epoch. The gateway's is the ZapLoop clock; a rig's may be skewed and
 * drift against it, which is what {@link ClockModel} measures. Injectable so tests can give a rig a clock that
 * runs ahead and fast.
 */
@FunctionalInterface
public interface NanoClock {

    /** Now, in ns since the Unix epoch. */
    long nowNs();

    /**
     * The system clock with nanosecond steps: the wall clock read once, then advanced by {@link System#nanoTime()},
     * so it is monotonic and never jumps when NTP steps the wall clock.
     */
    static NanoClock system() {
        Instant wall = Instant.now();
        long nano0 = System.nanoTime();
        long base = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        return () -> base + (System.nanoTime() - nano0);
    }
}
