package org.zaploop.ingest.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the rig gateway.
 *
 * @param bindHost             address to listen on; a loopback address (the default 127.0.0.1) may run without a
 *                             token, any other needs one
 * @param port                 TCP port, 0 = a free one (read it back with {@link Gateway#port()})
 * @param token                bearer token the rig must present ({@code Authorization: Bearer <token>}), or null
 *                             for none (loopback only). Never logged
 * @param bootstrap            Kafka bootstrap servers
 * @param maxInFlightBytes     bytes received but not yet acknowledged by Kafka, per connection and in total, above
 *                             which a rig's socket is paused (resumed below half of it); HTTP gets 503 above it
 * @param pingInterval         time between clock pings on a stream socket after the quick ones
 * @param quickPings           pings sent right after a stream socket opens, {@link #QUICK_PING_INTERVAL} apart
 * @param clockPublishInterval how often the fitted clock of each connection goes to {@code zl.rig.events} as a
 *                             {@code CLOCK_SYNC} event (also once after the quick pings)
 * @param acceptUnmaskedFrames accept WebSocket frames that the client did not mask (RFC 6455 says a client
 *                             masks; a trusted rig on a private link can skip the XOR over every byte)
 * @param producerOverrides    extra Kafka producer settings applied to all the gateway's producers (last wins)
 * @param planeProducers       producers (so broker connections) the planes are spread over by partition: a broker
 *                             serves one request per connection at a time, so one connection caps full-size planes
 *                             well below what the broker can take
 */
public record GatewayConfig(String bindHost, int port, String token, String bootstrap, long maxInFlightBytes,
                            Duration pingInterval, int quickPings, Duration clockPublishInterval,
                            boolean acceptUnmaskedFrames, Map<String, String> producerOverrides,
                            int planeProducers) {

    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_QUICK_PINGS = 8;
    public static final Duration DEFAULT_CLOCK_PUBLISH_INTERVAL = Duration.ofSeconds(10);
    public static final Duration QUICK_PING_INTERVAL = Duration.ofMillis(50);
    public static final int DEFAULT_PLANE_PRODUCERS = 4;

    public GatewayConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(bootstrap, "bootstrap");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank (use null for no token)");
        }
        if (maxInFlightBytes < 1024) {
            throw new IllegalArgumentException("maxInFlightBytes must be at least 1024, got " + maxInFlightBytes);
        }
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(clockPublishInterval, "clockPublishInterval");
        if (pingInterval.toMillis() < 1 || clockPublishInterval.toMillis() < 1) {
            throw new IllegalArgumentException("ping and clock publish intervals must be at least 1 ms");
        }
        if (quickPings < 0) {
            throw new IllegalArgumentException("quickPings must be ≥ 0, got " + quickPings);
        }
        producerOverrides = Map.copyOf(producerOverrides == null ? Map.of() : producerOverrides);
        if (planeProducers < 1 || planeProducers > 16) {
            throw new IllegalArgumentException("planeProducers must be in [1, 16], got " + planeProducers);
        }
    }

    /** Loopback, a free port, no token, the defaults for everything else. */
    public static GatewayConfig loopback(String bootstrap) {
        return new GatewayConfig(DEFAULT_BIND_HOST, 0, null, bootstrap, DEFAULT_MAX_IN_FLIGHT_BYTES,
                DEFAULT_PING_INTERVAL, DEFAULT_QUICK_PINGS, DEFAULT_CLOCK_PUBLISH_INTERVAL, false, Map.of(),
                DEFAULT_PLANE_PRODUCERS);
    }

    public GatewayConfig withBind(String host, int port) {
        return new GatewayConfig(host, port, token, bootstrap, maxInFlightBytes, pingInterval, quickPings,
                clockPublishInterval, acceptUnmaskedFrames, producerOverrides, planeProducers);
    }

    public GatewayConfig withToken(String token) {
        return new GatewayConfig(bindHost, port, token, bootstrap, maxInFlightBytes, pingInterval, quickPings,
                clockPublishInterval, acceptUnmaskedFrames, producerOverrides, planeProducers);
    }

    public GatewayConfig withMaxInFlightBytes(long bytes) {
        return new GatewayConfig(bindHost, port, token, bootstrap, bytes, pingInterval, quickPings,
                clockPublishInterval, acceptUnmaskedFrames, producerOverrides, planeProducers);
    }

    public GatewayConfig withClock(Duration pingInterval, int quickPings, Duration clockPublishInterval) {
        return new GatewayConfig(bindHost, port, token, bootstrap, maxInFlightBytes, pingInterval, quickPings,
                clockPublishInterval, acceptUnmaskedFrames, producerOverrides, planeProducers);
    }

    public GatewayConfig withAcceptUnmaskedFrames(boolean accept) {
        return new GatewayConfig(bindHost, port, token, bootstrap, maxInFlightBytes, pingInterval, quickPings,
                clockPublishInterval, accept, producerOverrides, planeProducers);
    }

    public GatewayConfig withProducerOverrides(Map<String, String> overrides) {
        return new GatewayConfig(bindHost, port, token, bootstrap, maxInFlightBytes, pingInterval, quickPings,
                clockPublishInterval, acceptUnmaskedFrames, overrides, planeProducers);
    }

    public GatewayConfig withPlaneProducers(int producers) {
        return new GatewayConfig(bindHost, port, token, bootstrap, maxInFlightBytes, pingInterval, quickPings,
                clockPublishInterval, acceptUnmaskedFrames, producerOverrides, producers);
    }

    /**
     * Refuses a configuration that would expose the gateway without authentication: a bind address that is not
     * loopback needs a token.
     *
     * @throws IllegalStateException with a message saying what to do
     */
    public void requireSafeBind() {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bindHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("gateway bind address '" + bindHost + "' does not resolve", e);
        }
        if (!loopback && token == null) {
            throw new IllegalStateException("refusing to start the rig gateway on " + bindHost
                    + " without a token: anyone who can reach it could publish into the experiment. Give a token "
                    + "(rigs then send 'Authorization: Bearer <token>') or bind to 127.0.0.1");
        }
    }

    @Override
    public String toString() {
        // Never print the token.
        return "GatewayConfig[bindHost=" + bindHost + ", port=" + port + ", token=" + (token == null ? "none" : "***")
                + ", bootstrap=" + bootstrap + ", maxInFlightBytes=" + maxInFlightBytes + ", pingInterval="
                + pingInterval + ", quickPings=" + quickPings + ", clockPublishInterval=" + clockPublishInterval
                + ", acceptUnmaskedFrames=" + acceptUnmaskedFrames + ", producerOverrides=" + producerOverrides.keySet()
                + ", planeProducers=" + planeProducers + "]";
    }
}
