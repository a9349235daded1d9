package org.zaploop.controller.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.zaploop.controller.JsonText;
import org.zaploop.controller.loop.DecisionLoop;
import org.zaploop.controller.loop.ManualOutcome;
import org.zaploop.controller.loop.ManualRequest;
import org.zaploop.controller.loop.PolicyChange;

/**
 * The operator's stop, over HTTP (JDK server, loopback by default), every request with
 * {@code Authorization: Bearer <token>}:
 * <ul>
 *   <li>{@code POST /control/stop} (optional plain-text body: the reason) — latches the manual stop: a SAFE_STATE
 *       command goes out at once and nothing else until cleared;</li>
 *   <li>{@code POST /control/clear} — clears it; control resumes with the next proposal;</li>
 *   <li>{@code POST /control/stimulate} (JSON body {@code {"stimulus": "FLASH", "params": {"intensity": 0.5},
 *       "validMs": 10000, "condition": 2, "operator": "ana: test flash"}}; only {@code stimulus} is required) — an
 *       operator's stimulus through the safety envelope ({@link DecisionLoop#manual}): 200 with the command if
 *       issued (perhaps clamped), 409 with the rule if refused, 400 for a malformed request; audited either way;</li>
 *   <li>{@code POST /control/policy} (JSON body {@code {"policy": "setpoint", "params": {"target": "1.2"},
 *       "operator": "ana: try setpoint"}}; only {@code policy} is required) — changes the policy at run time
 *       ({@link DecisionLoop#changePolicy}: the rig goes to its safe state, the new policy's proposals pass the
 *       envelope): 200 if applied, 409 if refused (it needs inputs this controller does not read), 400 for a
 *       malformed request or unknown policy or params; audited either way;</li>
 *   <li>{@code GET /control/status} — the controller's status figures.</li>
 * </ul>
 * 401 without a valid token, 405 for a wrong method, 404 elsewhere. Replies are JSON. Writes nothing to Kafka
 * itself: the {@link DecisionLoop} does (zl.stimulus.commands, zl.audit).
 */
public final class StopEndpoint implements AutoCloseable {

    private static final int MAX_BODY = 4096;

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final DecisionLoop loop;
    private final Supplier<Map<String, Object>> status;

    public StopEndpoint(String host, int port, String token, DecisionLoop loop, Supplier<Map<String, Object>> status)
            throws IOException {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.loop = loop;
        this.status = status;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "controller-stop-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/control/", this::handle);
        server.createContext("/", ex -> reply(ex, 404, Map.of("error", "not found")));
        server.start();
    }

    /** A new random token (32 bytes, URL-safe base64). */
    public static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:9470}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"zaploop-controller\"");
                reply(ex, 401, Map.of("error", "a valid 'Authorization: Bearer <token>' header is required"));
                return;
            }
            switch (path) {
                case "/control/stop" -> {
                    if (!method.equals("POST")) {
                        reply(ex, 405, Map.of("error", "use POST"));
                        return;
                    }
                    String reason = body(ex).trim();
                    boolean changed = loop.stop(reason.isEmpty() ? "operator stop over HTTP" : reason);
                    reply(ex, 200, result(true, changed));
                }
                case "/control/clear" -> {
                    if (!method.equals("POST")) {
                        reply(ex, 405, Map.of("error", "use POST"));
                        return;
                    }
                    boolean changed = loop.clear();
                    reply(ex, 200, result(false, changed));
                }
                case "/control/stimulate" -> {
                    if (!method.equals("POST")) {
                        reply(ex, 405, Map.of("error", "use POST"));
                        return;
                    }
                    ManualRequest request;
                    try {
                        request = ManualRequests.parse(body(ex));
                    } catch (IllegalArgumentException e) {
                        reply(ex, 400, Map.of("error", e.getMessage()));
                        return;
                    }
                    ManualOutcome o = loop.manual(request);
                    reply(ex, o.issued() ? 200 : 409, ManualRequests.reply(o));
                }
                case "/control/policy" -> {
                    if (!method.equals("POST")) {
                        reply(ex, 405, Map.of("error", "use POST"));
                        return;
                    }
                    PolicyRequests.Request request;
                    org.zaploop.controller.policy.Policy next;
                    try {
                        request = PolicyRequests.parse(body(ex));
                        next = org.zaploop.controller.policy.Policies.create(request.policy(), request.params());
                    } catch (IllegalArgumentException e) {
                        reply(ex, 400, Map.of("error", e.getMessage()));
                        return;
                    }
                    PolicyChange c = loop.changePolicy(next, request.operator());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("applied", c.applied());
                    m.put("policy", c.policy());
                    m.put("reason", c.reason());
                    reply(ex, c.applied() ? 200 : 409, m);
                }
                case "/control/status" -> {
                    if (!method.equals("GET")) {
                        reply(ex, 405, Map.of("error", "use GET"));
                        return;
                    }
                    reply(ex, 200, status.get());
                }
                default -> reply(ex, 404, Map.of("error", "not found"));
            }
        } catch (RuntimeException e) {
            reply(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static Map<String, Object> result(boolean stopped, boolean changed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stopped", stopped);
        m.put("changed", changed);
        return m;
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token); // constant time
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange ex, int code, Map<String, Object> body) throws IOException {
        byte[] b = (JsonText.of(body) + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
