package org.zaploop.dashboards.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The live browser view as a service with a small lifecycle: {@link #start} returns once the page is served and
 * Kafka is being read; {@link #url()}, {@link #status()}, {@link #close()}. Owns its Vert.x instance, one
 * {@link LiveViewServer} and one {@link LiveFeed}. Reads {@code zl.segmentation}, {@code zl.traces},
 * {@code zl.forecasts}, {@code zl.behavior}, {@code zl.stimulus.commands}, {@code zl.rig.events}; writes no topic.
 */
public final class LiveView implements AutoCloseable {

    private final Vertx vertx;
    private final LiveViewServer server;
    private final LiveFeed feed;
    private final LiveViewConfig config;
    private final LiveMeters meters;

    private LiveView(Vertx vertx, LiveViewServer server, LiveFeed feed, LiveViewConfig config, LiveMeters meters) {
        this.vertx = vertx;
        this.server = server;
        this.feed = feed;
        this.config = config;
        this.meters = meters;
    }

    /**
     * @throws IllegalStateException when the port is taken or the topics do not exist, saying which
     */
    public static LiveView start(LiveViewConfig config, MeterRegistry registry) {
        LiveMeters meters = new LiveMeters(registry);
        LiveViewServer server = new LiveViewServer(config, meters);
        LiveFeed feed = new LiveFeed(config, server, meters);
        server.requests(feed::submit);
        Vertx vertx = Vertx.vertx();
        try {
            try {
                await(vertx.deployVerticle(server));
            } catch (IllegalStateException e) {
                throw new IllegalStateException("could not serve the live view on " + config.host() + ":"
                        + config.port() + ": " + e.getCause().getMessage() + " (choose another port, or 0 for any free one)", e);
            }
            feed.start();
        } catch (RuntimeException e) {
            feed.close();
            await(vertx.close());
            throw e;
        }
        return new LiveView(vertx, server, feed, config, meters);
    }

    public int port() {
        return server.port();
    }

    /** The page's address. */
    public String url() {
        return "http://" + config.host() + ":" + port() + "/";
    }

    /** Address, clients, frames sent and skipped, and why the Kafka side stopped if it did. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url());
        m.put("clients", meters.clients.get());
        m.put("framesSent", (long) meters.framesSent.count());
        m.put("framesSkipped", (long) meters.framesSkipped.count());
        if (meters.malformed.count() > 0) {
            m.put("malformed", (long) meters.malformed.count());
        }
        m.putAll(feed.seen());
        if (feed.failure() != null) {
            m.put("failure", feed.failure().toString());
        }
        return m;
    }

    @Override
    public void close() {
        feed.close();
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("live view: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("live view: no answer within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("live view: interrupted", e);
        }
    }
}
