package org.zaploop.ingest.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The gateway's rig WebSocket ({@code /rig/v1/stream?session=S}) against {@link GatewayFuzzInputs} sent as binary
 * and text messages, a valid plane after every tenth. Inputs go in batches of {@value #BATCH}; each batch ends with a
 * pong that answers no ping, which the gateway refuses at once on the socket's event loop: its error frame proves the
 * gateway handled every message before it, and a batch whose marker is not answered within five times the per-input
 * bound is a hang. A refused record comes back as an error frame {@code {"error": reason, "frame": n}}; afterwards the
 * number of those must equal the session's dead letters, and every valid plane must be in {@code zl.imaging.planes}.
 * A socket the gateway closes counts as a crash and is reopened.
 */
public final class WebSocketGatewayFuzz {

    static final int BATCH = 32;
    private static final String MARKER = "{\"pong\":1,\"rig\":1}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;
    private final String token;
    private final Duration perInput;

    /** @param token the gateway's bearer token, or null */
    public WebSocketGatewayFuzz(String host, int port, String token, Duration perInput) {
        this.base = URI.create("ws://" + host + ":" + port + "/rig/v1/stream");
        this.token = token;
        this.perInput = perInput;
    }

    /** Counts what the gateway answers on one socket. */
    private static final class Answers implements WebSocket.Listener {
        final AtomicLong errors = new AtomicLong();
        final Semaphore markers = new Semaphore(0);
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final Map<String, Long> reasons = new java.util.TreeMap<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode n = JSON.readTree(message);
                    String error = n.path("error").asText(null);
                    if (error != null && error.startsWith("pong: 1 answers no ping")) {
                        markers.release();
                    } else if (error != null) {
                        synchronized (reasons) {
                            reasons.merge(FuzzReadBack.gist(error), 1L, Long::sum);
                        }
                        errors.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    closed.complete("the gateway sent a message that is not JSON: " + message);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete("the gateway closed the socket: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete("the socket broke: " + error);
        }
    }

    public GatewayFuzzResult run(String session, long inputs, long seed, String bootstrap,
                                 Map<String, String> kafkaSettings) throws InterruptedException {
        GatewayFuzzInputs gen = new GatewayFuzzInputs(session, new Random(seed));
        List<String> findings = new ArrayList<>();
        List<Answers> sockets = new ArrayList<>();
        long crashes = 0;
        long hangs = 0;
        java.util.Set<Long> validSent = new java.util.HashSet<>();
        long sent = 0;
        Answers answers = null;
        WebSocket ws = null;
        while (sent < inputs && hangs == 0) {
            if (ws == null) {
                answers = new Answers();
                sockets.add(answers);
                ws = open(session, answers);
            }
            long batchStart = sent;
            try {
                for (int k = 0; k < BATCH && sent < inputs; k++, sent++) {
                    GatewayFuzzInputs.Input in = gen.next();
                    send(ws, in.text(), in.bytes());
                    if (sent % 10 == 9) {
                        send(ws, false, gen.validPlane(sent));
                        validSent.add(GatewayFuzzInputs.VALID_FRAMES + sent);
                    }
                }
                send(ws, true, MARKER.getBytes(StandardCharsets.UTF_8));
                if (!answers.markers.tryAcquire(5 * perInput.toMillis(), TimeUnit.MILLISECONDS)) {
                    hangs++;
                    HttpGatewayFuzz.note(findings, "WebSocket batch of inputs " + batchStart + ".." + (sent - 1)
                            + " (seed " + seed + ") not answered within " + 5 * perInput.toMillis() + " ms");
                }
            } catch (ExecutionException | TimeoutException e) {
                crashes++;
                HttpGatewayFuzz.note(findings, "WebSocket batch of inputs " + batchStart + ".." + (sent - 1) + " (seed "
                        + seed + "): " + answers.closed.getNow(e.toString()));
                ws.abort();
                ws = null;
            }
            if (ws != null && answers.closed.isDone()) {
                crashes++;
                HttpGatewayFuzz.note(findings, "WebSocket after input " + (sent - 1) + ": " + answers.closed.join());
                ws = null;
            }
        }
        // The socket stays open until the read-back is done: the gateway answers a refusal after its dead letter
        // is written, and writes no answer to a closed socket.
        try (FuzzReadBack back = new FuzzReadBack(bootstrap, kafkaSettings, session)) {
            back.await(() -> sockets.stream().mapToLong(a -> a.errors.get()).sum(), validSent,
                    Duration.ofSeconds(120));
            long rejected = sockets.stream().mapToLong(a -> a.errors.get()).sum();
            Map<String, Long> reasons = new java.util.TreeMap<>();
            for (Answers a : sockets) {
                synchronized (a.reasons) {
                    a.reasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
                }
            }
            if (!back.reasons().equals(reasons)) {
                HttpGatewayFuzz.note(findings, "error frames by reason " + reasons + " but dead letters by reason "
                        + back.reasons());
            }
            return new GatewayFuzzResult(sent, sent - rejected, rejected, back.deadLettersWithReason(),
                    validSent.size(), back.validDelivered(), crashes, hangs, findings);
        } finally {
            if (ws != null) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }

    private WebSocket open(String session, Answers answers) throws InterruptedException {
        WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(perInput.multipliedBy(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return b.buildAsync(URI.create(base + "?session=" + session), answers).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot open the gateway's rig WebSocket at " + base + ": " + e, e);
        }
    }

    private void send(WebSocket ws, boolean text, byte[] bytes) throws InterruptedException, ExecutionException,
            TimeoutException {
        CompletableFuture<WebSocket> f = text
                ? ws.sendText(new String(bytes, StandardCharsets.UTF_8), true)
                : ws.sendBinary(ByteBuffer.wrap(bytes), true);
        f.get(5 * perInput.toMillis(), TimeUnit.MILLISECONDS);
    }
}
