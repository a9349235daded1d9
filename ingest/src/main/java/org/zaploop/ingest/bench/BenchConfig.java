package org.zaploop.ingest.bench;

import java.util.Objects;

/**
 * One run of the ingest benchmark.
 *
 * @param bootstrap        Kafka bootstrap servers (topics are provisioned if missing)
 * @param scale            {@code full} (ZAPBench: 2048 × 1328 × 72) or {@code small} (512 × 332 × 24)
 * @param seconds          measured seconds (after the warm-up)
 * @param warmupSeconds    seconds streamed before measuring
 * @param connections      rig sockets streaming at once (one fish, planes dealt round-robin by z)
 * @param maxInFlightBytes the gateway's back-pressure limit
 * @param unmasked         clients send unmasked frames and the gateway accepts them
 * @param producerOverrides extra producer settings for the gateway (tuning experiments)
 * @param planeProducers   the gateway's producers for planes ({@code GatewayConfig.planeProducers})
 */
public record BenchConfig(String bootstrap, String scale, int seconds, int warmupSeconds, int connections,
                          long maxInFlightBytes, boolean unmasked, java.util.Map<String, String> producerOverrides,
                          int planeProducers) {

    public BenchConfig {
        Objects.requireNonNull(bootstrap, "bootstrap");
        if (!scale.equals("full") && !scale.equals("small")) {
            throw new IllegalArgumentException("scale must be 'full' or 'small', got '" + scale + "'");
        }
        producerOverrides = java.util.Map.copyOf(producerOverrides == null ? java.util.Map.of() : producerOverrides);
        if (seconds < 1 || warmupSeconds < 0 || connections < 1) {
            throw new IllegalArgumentException("seconds ≥ 1, warm-up ≥ 0 and connections ≥ 1 are required");
        }
    }

    public int width() {
        return scale.equals("full") ? 2048 : 512;
    }

    public int height() {
        return scale.equals("full") ? 1328 : 332;
    }

    public int planesPerVolume() {
        return scale.equals("full") ? 72 : 24;
    }

    /** Pixel bytes per second the rig produces in real time (one volume every 0.9141 s). */
    public double realTimeBytesPerSecond() {
        return 2.0 * width() * height() * planesPerVolume() / 0.9141;
    }
}
