package org.zaploop.sim.twin.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.concurrent.TimeUnit;
import org.zaploop.sim.networks.ZebrafishNetwork;

/**
 * The twin's meters, read from its {@link TwinStats} when Prometheus scrapes: real-time factor (the same meter as
 * the fish's, tag {@code sim=twin}), tracking error overall ({@code region=all}) and per region (the network's nine
 * regions: bounded), frames taken, forecasts made and the wall time of the last one.
 */
public final class TwinMetrics {

    private TwinMetrics() {
    }

    public static void register(MeterRegistry meters, TwinService service) {
        // how far the twin is behind zl.traces, as the processors report their consumers
        service.consumerMetrics(new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(service.consumer()))
                .bindTo(meters);
        TwinStats s = service.stats();
        Gauge.builder("zaploop.sim.realtime.factor", s, TwinStats::realTimeFactor)
                .description("simulated seconds per wall second over the last second")
                .tag("sim", "twin").register(meters);
        Gauge.builder("zaploop.twin.tracking.error", s, TwinStats::trackingError)
                .description("RMS of measured minus simulated ΔF/F at the last frame").tag("region", "all")
                .register(meters);
        ZebrafishNetwork.regions().forEach(r -> Gauge.builder("zaploop.twin.tracking.error", s,
                        st -> st.regionError(r.name()))
                .description("RMS of measured minus simulated ΔF/F at the last frame").tag("region", r.name())
                .register(meters));
        FunctionCounter.builder("zaploop.twin.frames", s, TwinStats::frames)
                .description("measured frames the twin took").register(meters);
        FunctionCounter.builder("zaploop.twin.tail.late", s, TwinStats::tailLateFrames)
                .description("frames taken before their period's tail samples had arrived").register(meters);
        FunctionCounter.builder("zaploop.twin.forecasts", s, TwinStats::forecasts)
                .description("forecasts by simulation by outcome").tag("outcome", "published").register(meters);
        FunctionCounter.builder("zaploop.twin.forecasts", s, TwinStats::skippedForecasts)
                .description("forecasts by simulation by outcome").tag("outcome", "skipped-behind").register(meters);
        TimeGauge.builder("zaploop.twin.ahead.duration", s, TimeUnit.SECONDS, TwinStats::forecastSeconds)
                .description("wall time of the last simulation of the forecast horizon").register(meters);
        FunctionCounter.builder("zaploop.twin.rejected", service, TwinService::rejected)
                .description("records the twin could not use (sent to zl.dlq)").register(meters);
    }
}
