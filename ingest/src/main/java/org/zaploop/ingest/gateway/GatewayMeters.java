package org.zaploop.ingest.gateway;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.zaploop.ingest.clock.ClockFit;

/**
 * The gateway's figures as Prometheus meters, read from its own counters at scrape time: whether rigs are
 * connected, what they sent and what Kafka took, what was refused, how often back-pressure paused a rig, the
 * commands forwarded and acknowledged, and each rig clock's offset and drift against the gateway's clock.
 */
final class GatewayMeters {

    private GatewayMeters() {
    }

    static void bind(GatewayMetrics m, FlowControl flow, MeterRegistry meters) {
        gauge(meters, "zaploop.gateway.connections", "rig sockets open now", m, x -> x.streamConnections.get(),
                "socket", "stream");
        gauge(meters, "zaploop.gateway.connections", "rig sockets open now", m, x -> x.commandConnections.get(),
                "socket", "commands");
        counter(meters, "zaploop.gateway.records", "records published to Kafka", m.planes, "kind", "plane");
        counter(meters, "zaploop.gateway.records", "records published to Kafka", m.ephys, "kind", "ephys");
        counter(meters, "zaploop.gateway.records", "records published to Kafka", m.events, "kind", "event");
        FunctionCounter.builder("zaploop.gateway.published", m.bytesPublished, LongAdder::sum).baseUnit("bytes")
                .description("record bytes Kafka acknowledged").register(meters);
        counter(meters, "zaploop.gateway.rejected", "records refused with 400/413 (each also a dead letter)",
                m.rejected);
        counter(meters, "zaploop.gateway.publish.failures", "records Kafka did not take", m.publishFailures);
        counter(meters, "zaploop.gateway.busy.refusals", "HTTP posts refused with 503 while Kafka was behind",
                m.busyRefusals);
        counter(meters, "zaploop.gateway.commands", "stimulus commands forwarded to a rig", m.commandsForwarded,
                "outcome", "forwarded");
        counter(meters, "zaploop.gateway.commands", "stimulus commands with no rig connected", m.commandsWithoutRig,
                "outcome", "no-rig");
        counter(meters, "zaploop.gateway.commands", "stimulus commands the rig acknowledged", m.commandAcks,
                "outcome", "acknowledged");
        counter(meters, "zaploop.gateway.clock.syncs", "clock alignments published to zl.rig.events", m.clockSyncs);
        Gauge.builder("zaploop.gateway.in.flight", flow, FlowControl::inFlightBytes).baseUnit("bytes")
                .description("bytes received and not yet acknowledged by Kafka (back-pressure pauses rigs above "
                        + "its limit)").register(meters);
        FunctionCounter.builder("zaploop.gateway.backpressure.pauses", flow, FlowControl::pauses)
                .description("times a rig socket was paused because Kafka was behind").register(meters);
        FunctionCounter.builder("zaploop.gateway.backpressure.paused", flow, f -> f.pausedNanos() / 1e9)
                .baseUnit("seconds").description("time rig sockets spent paused, summed over sockets")
                .register(meters);
        m.onFirstClock(session -> {
            Gauge.builder("zaploop.gateway.clock.offset", m, x -> seconds(x.clocks.get(session)))
                    .baseUnit("seconds").description("rig clock minus gateway clock, from the ping exchange")
                    .tag("session", session).register(meters);
            Gauge.builder("zaploop.gateway.clock.drift", m, x -> drift(x.clocks.get(session)))
                    .description("rig clock drift against the gateway's, parts per million")
                    .tag("session", session).register(meters);
        });
    }

    private static double seconds(ClockFit fit) {
        return fit == null ? Double.NaN : fit.offsetNs() / 1e9;
    }

    private static double drift(ClockFit fit) {
        return fit == null ? Double.NaN : fit.driftPpm();
    }

    private static void gauge(MeterRegistry meters, String name, String description, GatewayMetrics m,
                              ToDoubleFunction<GatewayMetrics> f, String... tags) {
        Gauge.builder(name, m, f).description(description).tags(tags).register(meters);
    }

    private static void counter(MeterRegistry meters, String name, String description, LongAdder adder,
                                String... tags) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).tags(tags).register(meters);
    }
}
