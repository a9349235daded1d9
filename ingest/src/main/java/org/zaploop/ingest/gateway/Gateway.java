package org.zaploop.ingest.gateway;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The rig gateway as a plain service with a small lifecycle, for the launcher and for tests:
 * {@link #start(GatewayConfig)} returns once it listens, {@link #port()}, {@link #stats()}, {@link #close()}.
 * It owns its Vert.x instance and one {@link GatewayVerticle}. Reads {@code zl.stimulus.commands}; writes
 * {@code zl.imaging.planes}, {@code zl.ephys.blocks}, {@code zl.rig.events}, {@code zl.dlq}.
 */
public final class Gateway implements AutoCloseable {

    private final Vertx vertx;
    private final GatewayVerticle verticle;
    private final GatewayConfig config;

    private Gateway(Vertx vertx, GatewayVerticle verticle, GatewayConfig config) {
        this.vertx = vertx;
        this.verticle = verticle;
        this.config = config;
    }

    /**
     * Starts the gateway and returns once it listens.
     *
     * @throws IllegalStateException if it cannot start (a non-loopback bind without a token, topics missing,
     *                               Kafka unreachable, port taken), with a message saying why
     */
    public static Gateway start(GatewayConfig config) {
        config.requireSafeBind();
        Vertx vertx = Vertx.vertx();
        GatewayVerticle verticle = new GatewayVerticle(config);
        try {
            await(vertx.deployVerticle(verticle), 120);
        } catch (RuntimeException e) {
            await(vertx.close(), 30);
            throw e;
        }
        return new Gateway(vertx, verticle, config);
    }

    /** The TCP port it listens on (the chosen one when the config said 0). */
    public int port() {
        return verticle.port();
    }

    public String bindHost() {
        return config.bindHost();
    }

    public GatewayStats stats() {
        return verticle.stats();
    }

    /**
     * Reports the gateway to {@code meters} ({@code zaploop_gateway_*}): rigs connected, records and bytes
     * published, rejections, back-pressure, command forwarding, and each rig's clock offset and drift.
     */
    public Gateway bindMeters(io.micrometer.core.instrument.MeterRegistry meters) {
        verticle.bindMeters(meters);
        return this;
    }

    /** Starts the latency distributions afresh (a benchmark's warm-up is over). */
    public void resetLatencies() {
        verticle.resetLatencies();
    }

    /** Stops listening, flushes the producers, stops the command feed and Vert.x. */
    @Override
    public void close() {
        await(vertx.close(), 60);
    }

    private static <T> T await(Future<T> future, long seconds) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r && r.getMessage() != null) {
                throw new IllegalStateException("rig gateway: " + r.getMessage(), r);
            }
            throw new IllegalStateException("rig gateway: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("rig gateway did not start or stop within " + seconds + " s", e);
        }
    }
}
