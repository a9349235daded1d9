package org.zaploop.ingest.gateway;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.protocol.Names;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * The rig gateway as a deployable verticle: one HTTP server with the rig API under {@code /rig/v1} (see
 * {@code ingest/GATEWAY.md}). WebSockets {@code /rig/v1/stream} and {@code /rig/v1/commands} are authenticated
 * in the handshake handler (401 before upgrading); HTTP requests by the API router. Reads
 * {@code zl.stimulus.commands}; writes {@code zl.imaging.planes}, {@code zl.ephys.blocks}, {@code zl.rig.events},
 * {@code zl.dlq}.
 *
 * <p>{@link #start()} refuses a non-loopback bind without a token, builds the Kafka side on a worker thread,
 * then listens. {@link Gateway} wraps it with a Vert.x instance for callers outside Vert.x.
 */
public final class GatewayVerticle extends VerticleBase {

    static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);

    static final String STREAM_PATH = "/rig/v1/stream";
    static final String COMMANDS_PATH = "/rig/v1/commands";

    private final GatewayConfig config;
    private volatile GatewayServices services;
    private HttpServer server;

    public GatewayVerticle(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        try {
            config.requireSafeBind();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        return vertx.executeBlocking(() -> GatewayServices.open(config)).compose(s -> {
            services = s;
            HttpServerOptions options = new HttpServerOptions()
                    .setMaxWebSocketFrameSize(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES)
                    .setMaxWebSocketMessageSize(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES)
                    .setAcceptUnmaskedFrames(config.acceptUnmaskedFrames())
                    .setTcpNoDelay(true)
                    // A paused socket does not read the rig's close reply: do not wait long for it on shutdown.
                    .setWebSocketClosingTimeout(2);
            Router root = Router.router(vertx);
            root.route("/rig/v1/*").subRouter(new IngestApi(s).router(vertx));
            server = vertx.createHttpServer(options)
                    .webSocketHandshakeHandler(this::handshake)
                    .webSocketHandler(this::socket)
                    .requestHandler(root);
            return server.listen(config.port(), config.bindHost());
        }).onSuccess(srv -> log.info("Rig gateway listening on {}:{} (token {}), Kafka {}", config.bindHost(),
                srv.actualPort(), config.token() == null ? "off" : "required", config.bootstrap()))
                .recover(e -> {
                    GatewayServices s = services;
                    if (s != null) {
                        s.close();
                    }
                    return Future.failedFuture(e);
                });
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.compose(v -> vertx.executeBlocking(() -> {
            GatewayServices s = services;
            if (s != null) {
                s.close();
            }
            return null;
        }));
    }

    /** The port the server listens on (after start). */
    public int port() {
        return server.actualPort();
    }

    public GatewayStats stats() {
        GatewayServices s = services;
        return s == null ? null : s.metrics().snapshot(s.flow());
    }

    void bindMeters(io.micrometer.core.instrument.MeterRegistry meters) {
        GatewayServices s = services;
        GatewayMeters.bind(s.metrics(), s.flow(), meters);
    }

    void resetLatencies() {
        services.metrics().resetLatencies();
    }

    private void handshake(ServerWebSocketHandshake hs) {
        String path = hs.path();
        if (!STREAM_PATH.equals(path) && !COMMANDS_PATH.equals(path)) {
            hs.reject(404);
            return;
        }
        if (!services.auth().permits(hs.headers().get(HttpHeaders.AUTHORIZATION))) {
            log.warn("Rejected a {} handshake from {}: missing or wrong token", path, hs.remoteAddress());
            hs.reject(401);
            return;
        }
        Params p = Params.of(hs.uri());
        if (p == null) {
            hs.reject(400);
            return;
        }
        hs.accept();
    }

    private void socket(ServerWebSocket ws) {
        Params p = Params.of(ws.uri());
        if (p == null) { // the handshake handler already refused these
            ws.close((short) 1008, "bad query");
            return;
        }
        RigSocket socket = STREAM_PATH.equals(ws.path())
                ? new StreamConnection(ws, p.session, p.rigClock, vertx.getOrCreateContext(), services)
                : new CommandConnection(ws, p.session, p.rigClock, vertx.getOrCreateContext(), services);
        socket.start();
        log.info("Rig connected: {} session {} from {}{}", ws.path(), p.session, ws.remoteAddress(),
                p.rigClock ? " (clock=rig)" : "");
    }

    /** The query of a socket URI: {@code session} (required, a name) and {@code clock} ({@code rig} or {@code zaploop}). */
    private record Params(String session, boolean rigClock) {

        static Params of(String uri) {
            QueryStringDecoder q = new QueryStringDecoder(uri);
            var session = q.parameters().get("session");
            var clock = q.parameters().get("clock");
            if (session == null || session.size() != 1 || !Names.isValid(session.get(0))) {
                return null;
            }
            if (clock != null && (clock.size() != 1 || !(clock.get(0).equals("rig") || clock.get(0).equals("zaploop")))) {
                return null;
            }
            return new Params(session.get(0), clock != null && clock.get(0).equals("rig"));
        }
    }
}
