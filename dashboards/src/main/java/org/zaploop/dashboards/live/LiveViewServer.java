package org.zaploop.dashboards.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view's HTTP and WebSocket server (a verticle): the page and its scripts from the classpath
 * ({@code /live}), {@code GET /health}, {@code GET /api/status}, and the WebSocket {@code /ws} (LIVE-VIEW.md). As the
 * {@link LiveOutbox} of the Kafka thread it hands every message over to the event loop with
 * {@code runOnContext}; JSON is encoded before that, on the Kafka thread. A new client gets the newest neuron map
 * and frame at once. Reads and writes no topic itself.
 */
public final class LiveViewServer extends VerticleBase implements LiveOutbox {

    static final String SOCKET_PATH = "/ws";
    /** A selection of 20,000 neurons as JSON fits easily. */
    static final int MAX_CLIENT_MESSAGE = 256 * 1024;
    static final int MAX_SELECTION = 20_000;

    private static final Logger log = LoggerFactory.getLogger(LiveViewServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveViewConfig config;
    private final LiveMeters meters;
    private final Map<Integer, ClientChannel> clients = new HashMap<>();
    private Consumer<Consumer<LiveModel>> requests = r -> { };
    private HttpServer server;
    private int nextClient;
    // Event-loop state: what a new client gets at once.
    private Buffer map;
    private int neurons;
    private Buffer frame;
    private volatile String status = "{}";

    public LiveViewServer(LiveViewConfig config, LiveMeters meters) {
        this.config = config;
        this.meters = meters;
    }

    /** Where client requests go (the Kafka thread's queue); set before deploying. */
    public void requests(Consumer<Consumer<LiveModel>> sink) {
        this.requests = sink;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health").handler(rc -> rc.response().putHeader("content-type", "text/plain").end("ok\n"));
        router.get("/api/status").handler(this::status);
        router.route("/*").handler(StaticHandler.create("live").setCachingEnabled(false));
        router.route().failureHandler(rc -> {
            int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
            if (status == 500) {
                log.warn("Live view request {} failed: {}", rc.request().path(), String.valueOf(rc.failure()));
            }
            rc.response().setStatusCode(status).putHeader("content-type", "text/plain").end(status + "\n");
        });
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketMessageSize(MAX_CLIENT_MESSAGE)
                .setTcpNoDelay(true)
                .setCompressionSupported(true);
        server = vertx.createHttpServer(options)
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::socket)
                .requestHandler(router);
        return server.listen(config.port(), config.host())
                .onSuccess(s -> log.info("Live view at http://{}:{}/ (session {})", config.host(), s.actualPort(),
                        config.session()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int port() {
        return server.actualPort();
    }

    private void status(RoutingContext rc) {
        JsonObject s = new JsonObject(status);
        s.put("clients", clients.size());
        rc.response().putHeader("content-type", "application/json").end(s.encode());
    }

    private void handshake(ServerWebSocketHandshake hs) {
        if (!SOCKET_PATH.equals(hs.path())) {
            hs.reject(404);
            return;
        }
        hs.accept();
    }

    private void socket(ServerWebSocket ws) {
        int id = nextClient++;
        ClientChannel c = new ClientChannel(ws, meters);
        clients.put(id, c);
        meters.clients.set(clients.size());
        log.info("Live view client {} connected from {}", id, ws.remoteAddress());
        if (map != null) {
            c.binary(map);
        }
        if (frame != null) {
            c.frame(frame);
        }
        c.text(status);
        requests.accept(m -> m.hello(id));
        ws.textMessageHandler(text -> request(id, c, text));
        ws.binaryMessageHandler(b -> c.text(error("binary messages are not accepted; send JSON text")));
        ws.exceptionHandler(e -> log.debug("Live view client {}: {}", id, e.toString()));
        ws.closeHandler(v -> {
            c.closed();
            clients.remove(id);
            meters.clients.set(clients.size());
            requests.accept(m -> m.bye(id));
            log.info("Live view client {} left ({} frames skipped while it was slow)", id, c.skipped());
        });
    }

    /** {@code {"type":"select","token":N,"neurons":[table positions]}}; anything else is answered with an error. */
    private void request(int id, ClientChannel c, String text) {
        JsonObject o;
        try {
            o = new JsonObject(text);
        } catch (DecodeException e) {
            c.text(error("not a JSON object: " + e.getMessage()));
            return;
        }
        if (!"select".equals(o.getValue("type"))) {
            c.text(error("unknown request type " + o.getValue("type") + "; known: select"));
            return;
        }
        Object tokenValue = o.getValue("token");
        Object list = o.getValue("neurons");
        if (!(tokenValue instanceof Integer token) || !(list instanceof JsonArray arr)) {
            c.text(error("select needs an integer 'token' and an array 'neurons'"));
            return;
        }
        if (arr.size() > MAX_SELECTION) {
            c.text(error("select: at most " + MAX_SELECTION + " neurons, got " + arr.size()));
            return;
        }
        int[] ids = new int[arr.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!(arr.getValue(i) instanceof Integer n) || n < 0 || n >= neurons) {
                c.text(error("select: neurons[" + i + "] = " + arr.getValue(i) + " is not a neuron of the map (0.."
                        + (neurons - 1) + ")"));
                return;
            }
            ids[i] = n;
        }
        requests.accept(m -> m.select(id, token, ids));
    }

    private static String error(String message) {
        return new JsonObject().put("type", "error").put("message", message).encode();
    }

    // ------------------------------------------------------------------ LiveOutbox, called on the Kafka thread

    @Override
    public void map(byte[] message, int count) {
        Buffer b = Buffer.buffer(message);
        context.runOnContext(v -> {
            map = b;
            neurons = count;
            clients.values().forEach(c -> c.binary(b));
        });
    }

    @Override
    public void frame(byte[] message) {
        Buffer b = Buffer.buffer(message);
        context.runOnContext(v -> {
            frame = b;
            clients.values().forEach(c -> c.frame(b));
        });
    }

    @Override
    public void broadcast(Map<String, Object> json) {
        String s = encode(json);
        if ("status".equals(json.get("type"))) {
            status = s;
        }
        context.runOnContext(v -> clients.values().forEach(c -> c.text(s)));
    }

    @Override
    public void send(int client, byte[] message) {
        Buffer b = Buffer.buffer(message);
        context.runOnContext(v -> {
            ClientChannel c = clients.get(client);
            if (c != null) {
                c.binary(b);
            }
        });
    }

    @Override
    public void send(int client, Map<String, Object> json) {
        String s = encode(json);
        context.runOnContext(v -> {
            ClientChannel c = clients.get(client);
            if (c != null) {
                c.text(s);
            }
        });
    }

    private static String encode(Map<String, Object> json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("live view message not encodable: " + e.getMessage(), e);
        }
    }
}
