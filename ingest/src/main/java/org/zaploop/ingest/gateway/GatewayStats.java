package org.zaploop.ingest.gateway;

import java.util.Map;

import org.zaploop.ingest.clock.ClockFit;

/**
 * A snapshot of the gateway's counters (all since start, latencies since start or the last
 * {@link Gateway#resetLatencies()}).
 *
 * @param streamConnections    open {@code /rig/v1/stream} sockets
 * @param commandConnections   open {@code /rig/v1/commands} sockets
 * @param planes               plane records acknowledged by Kafka
 * @param ephysBlocks          ephys records acknowledged by Kafka
 * @param events               rig events acknowledged by Kafka (rig's own, acks included, CLOCK_SYNC excluded)
 * @param bytesPublished       record bytes acknowledged by Kafka
 * @param rejected             records refused (malformed, wrong session, too large, unsynchronised clock)
 * @param deadLetters          dead letters acknowledged on {@code zl.dlq}
 * @param publishFailures      records Kafka did not accept (the sender was told)
 * @param inFlightBytes        bytes received and not yet acknowledged, now
 * @param maxInFlightBytesSeen highest in-flight total seen
 * @param pauses               times a socket was paused for back-pressure
 * @param pausedSeconds        time sockets spent paused, summed over sockets
 * @param busyRefusals         HTTP requests refused with 503 because too much was in flight
 * @param commandsForwarded    commands written to a rig's command socket
 * @param commandsWithoutRig   commands read while no rig of their session was connected (not forwarded)
 * @param commandAcks          COMMAND_ACK events received from rigs (and published)
 * @param publishLatency       receipt of a record → Kafka acknowledgement
 * @param ackLatency           command forwarded → its COMMAND_ACK received
 * @param clockSyncs           CLOCK_SYNC events published
 * @param clocks               latest clock fit per connected session
 * @param binaryCopies         binary messages whose bytes had to be copied out of the socket buffer (the fast
 *                             path hands the socket's own array to Kafka)
 */
public record GatewayStats(int streamConnections, int commandConnections, long planes, long ephysBlocks,
                           long events, long bytesPublished, long rejected, long deadLetters, long publishFailures,
                           long inFlightBytes, long maxInFlightBytesSeen, long pauses, double pausedSeconds,
                           long busyRefusals, long commandsForwarded, long commandsWithoutRig, long commandAcks,
                           Latency publishLatency, Latency ackLatency, long clockSyncs, Map<String, ClockFit> clocks,
                           long binaryCopies) {

    /**
     * A latency distribution in nanoseconds (resolution 1 µs).
     *
     * @param count samples
     * @param p50Ns median
     * @param p99Ns 99th percentile
     * @param maxNs maximum
     */
    public record Latency(long count, long p50Ns, long p99Ns, long maxNs) {
    }
}
