package org.zaploop.dashboards.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live view's meters: clients connected, frames sent and frames skipped for slow clients, records read by
 * topic and records it could not use. Created once; thread-safe.
 */
public final class LiveMeters {

    final AtomicInteger clients = new AtomicInteger();
    final Counter framesSent;
    final Counter framesSkipped;
    final Counter malformed;
    final Counter otherSession;
    private final MeterRegistry registry;

    public LiveMeters(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("zaploop.liveview.clients", clients);
        framesSent = Counter.builder("zaploop.liveview.frames.sent")
                .description("ΔF/F frames written to browser clients").register(registry);
        framesSkipped = Counter.builder("zaploop.liveview.frames.skipped")
                .description("ΔF/F frames not sent to a slow client because a newer one replaced them").register(registry);
        malformed = Counter.builder("zaploop.liveview.records.malformed")
                .description("records the live view could not decode (skipped)").register(registry);
        otherSession = Counter.builder("zaploop.liveview.records.other.session")
                .description("records of sessions other than the one shown").register(registry);
    }

    /** Records read from a topic (one counter per topic, created once per topic). */
    Counter records(String topic) {
        return Counter.builder("zaploop.liveview.records").tag("topic", topic)
                .description("records the live view read").register(registry);
    }
}
