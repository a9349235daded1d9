package org.zaploop.protocol;

import java.time.Instant;

/**
 * The ZapLoop clock: ns since the Unix epoch, as every record's {@code acquisitionNs} counts it. Stages compute
 * their latency as {@code nowNs() - acquisitionNs}, so they must all read the same clock (the host's, kept in
 * step by NTP/PTP across machines; a rig's own clock is mapped onto it by the gateway's clock alignment).
 */
public final class ZapLoopClock {

    private ZapLoopClock() {
    }

    /** Now, ns since the epoch (microsecond resolution on Linux). */
    public static long nowNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
