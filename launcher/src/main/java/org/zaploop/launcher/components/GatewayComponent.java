package org.zaploop.launcher.components;

import java.util.LinkedHashMap;
import java.util.Map;
import org.zaploop.ingest.gateway.Gateway;
import org.zaploop.ingest.gateway.GatewayConfig;
import org.zaploop.ingest.gateway.GatewayStats;

/**
 * The rig gateway as a component: a real rig connects to it over WebSocket/HTTP (see ingest/GATEWAY.md).
 * Loopback on port 8090 unless configured; a token (env ZAPLOOP_RIG_TOKEN) is required off loopback.
 */
public final class GatewayComponent implements Component {

    /** Loopback: reachable from other machines only when the operator says so. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static final int DEFAULT_PORT = 8090;

    private final ComponentContext ctx;
    private final GatewayConfig config;
    private Gateway gateway;

    public GatewayComponent(ComponentContext ctx, GatewayConfig config) {
        this.ctx = ctx;
        this.config = config;
    }

    /**
     * Bind, token and plane producers from the environment: ZAPLOOP_RIG_HOST (default 127.0.0.1), ZAPLOOP_RIG_PORT,
     * ZAPLOOP_RIG_TOKEN, ZAPLOOP_RIG_PLANE_PRODUCERS (default {@value GatewayConfig#DEFAULT_PLANE_PRODUCERS}).
     */
    public static GatewayComponent fromEnvironment(ComponentContext ctx) {
        String host = System.getenv().getOrDefault("ZAPLOOP_RIG_HOST", DEFAULT_HOST);
        int port = intFromEnvironment("ZAPLOOP_RIG_PORT", DEFAULT_PORT);
        String token = System.getenv("ZAPLOOP_RIG_TOKEN");
        int planeProducers = intFromEnvironment("ZAPLOOP_RIG_PLANE_PRODUCERS", GatewayConfig.DEFAULT_PLANE_PRODUCERS);
        return new GatewayComponent(ctx, GatewayConfig.loopback(ctx.bootstrap()).withBind(host, port).withToken(token)
                .withPlaneProducers(planeProducers));
    }

    /** The integer in environment variable {@code name}, or {@code fallback} when it is unset. */
    private static int intFromEnvironment(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public void start() {
        gateway = Gateway.start(config).bindMeters(ctx.meters());
    }

    @Override
    public Map<String, Object> status() {
        if (gateway == null) {
            return Map.of();
        }
        GatewayStats s = gateway.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listening", gateway.bindHost() + ":" + gateway.port());
        m.put("rigs", s.streamConnections());
        m.put("planes", s.planes());
        m.put("ephys", s.ephysBlocks());
        m.put("events", s.events());
        m.put("rejected", s.rejected());
        m.put("paused", s.pauses());
        m.put("acks", s.commandAcks());
        return m;
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
