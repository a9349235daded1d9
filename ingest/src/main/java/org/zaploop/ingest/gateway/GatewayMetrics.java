package org.zaploop.ingest.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import org.zaploop.ingest.clock.ClockFit;

/** The gateway's counters, updated from event loops and Kafka threads; read as a {@link GatewayStats}. */
final class GatewayMetrics {

    final AtomicInteger streamConnections = new AtomicInteger();
    final AtomicInteger commandConnections = new AtomicInteger();
    final LongAdder planes = new LongAdder();
    final LongAdder ephys = new LongAdder();
    final LongAdder events = new LongAdder();
    final LongAdder bytesPublished = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder deadLetters = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder busyRefusals = new LongAdder();
    final LongAdder commandsForwarded = new LongAdder();
    final LongAdder commandsWithoutRig = new LongAdder();
    final LongAdder commandAcks = new LongAdder();
    final LongAdder clockSyncs = new LongAdder();
    final LongAdder binaryCopies = new LongAdder();
    final Map<String, ClockFit> clocks = new ConcurrentHashMap<>();
    /** Told the session of each rig clock fitted for the first time (the meters add its offset gauges). */
    private volatile java.util.function.Consumer<String> firstClock = session -> { };
    private volatile Histogram publishLatencyUs = histogram();
    private volatile Histogram ackLatencyUs = histogram();

    private static Histogram histogram() {
        // 1 µs to 10 min, 3 significant digits.
        return new ConcurrentHistogram(1, 600_000_000L, 3);
    }

    /** A new fit of a session's rig clock (each pong refines it). */
    void clockFitted(String session, ClockFit fit) {
        if (clocks.put(session, fit) == null) {
            firstClock.accept(session);
        }
    }

    void onFirstClock(java.util.function.Consumer<String> listener) {
        clocks.keySet().forEach(listener);
        firstClock = listener;
    }

    void recordPublishLatency(long nanos) {
        publishLatencyUs.recordValue(clampUs(nanos));
    }

    void recordAckLatency(long nanos) {
        ackLatencyUs.recordValue(clampUs(nanos));
    }

    private static long clampUs(long nanos) {
        return Math.min(600_000_000L, Math.max(1, nanos / 1000));
    }

    void resetLatencies() {
        publishLatencyUs = histogram();
        ackLatencyUs = histogram();
    }

    GatewayStats snapshot(FlowControl flow) {
        return new GatewayStats(streamConnections.get(), commandConnections.get(), planes.sum(), ephys.sum(),
                events.sum(), bytesPublished.sum(), rejected.sum(), deadLetters.sum(), publishFailures.sum(),
                flow.inFlightBytes(), flow.highWaterBytes(), flow.pauses(), flow.pausedNanos() / 1e9,
                busyRefusals.sum(), commandsForwarded.sum(), commandsWithoutRig.sum(), commandAcks.sum(),
                latency(publishLatencyUs), latency(ackLatencyUs), clockSyncs.sum(), Map.copyOf(clocks),
                binaryCopies.sum());
    }

    private static GatewayStats.Latency latency(Histogram h) {
        Histogram copy = h.copy();
        if (copy.getTotalCount() == 0) {
            return new GatewayStats.Latency(0, 0, 0, 0);
        }
        return new GatewayStats.Latency(copy.getTotalCount(), copy.getValueAtPercentile(50) * 1000,
                copy.getValueAtPercentile(99) * 1000, copy.getMaxValue() * 1000);
    }
}
