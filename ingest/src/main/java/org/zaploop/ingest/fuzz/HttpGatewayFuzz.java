package org.zaploop.ingest.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The gateway's HTTP endpoints ({@code /rig/v1/planes}, {@code /ephys}, {@code /events}) against
 * {@link GatewayFuzzInputs}, one request per input ({@value #IN_FLIGHT} in flight), a valid plane after every
 * tenth. Every input must be answered within the time bound with 202 (still a valid record) or 400/413 with a
 * reason; afterwards every refusal must be a dead letter of the session and every valid plane in
 * {@code zl.imaging.planes} ({@link FuzzReadBack}).
 */
public final class HttpGatewayFuzz {

    private static final int MAX_FINDINGS = 10;
    /** Requests in flight at once, as a rig with several acquisition threads would send them. */
    static final int IN_FLIGHT = 8;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String token;
    private final Duration perInput;

    /** @param token the gateway's bearer token, or null */
    public HttpGatewayFuzz(String host, int port, String token, Duration perInput) {
        this.base = "http://" + host + ":" + port;
        this.token = token;
        this.perInput = perInput;
    }

    public GatewayFuzzResult run(String session, long inputs, long seed, String bootstrap,
                                 Map<String, String> kafkaSettings) throws InterruptedException {
        GatewayFuzzInputs gen = new GatewayFuzzInputs(session, new Random(seed));
        Tally t = new Tally();
        Semaphore window = new Semaphore(IN_FLIGHT);
        java.util.Set<Long> validSent = new java.util.HashSet<>();
        for (long i = 0; i < inputs; i++) {
            GatewayFuzzInputs.Input in = gen.next();
            String where = "HTTP input " + i + " (seed " + seed + ", " + in.how() + ") to " + in.kind().httpPath();
            window.acquire();
            post(in.kind().httpPath() + "?session=" + session, in.bytes()).whenComplete((r, e) -> {
                t.input(where, r, e);
                window.release();
            });
            if (i % 10 == 9) {
                String what = "valid plane after input " + i;
                window.acquire();
                post("/rig/v1/planes?session=" + session, gen.validPlane(i)).whenComplete((r, e) -> {
                    t.valid(what, r, e);
                    window.release();
                });
                validSent.add(GatewayFuzzInputs.VALID_FRAMES + i);
            }
        }
        window.acquire(IN_FLIGHT); // every answer is in
        try (FuzzReadBack back = new FuzzReadBack(bootstrap, kafkaSettings, session)) {
            back.await(() -> t.rejected, validSent, Duration.ofSeconds(120));
            synchronized (t) {
                if (!back.reasons().equals(t.reasons)) {
                    note(t.findings, "refusals by reason " + t.reasons + " but dead letters by reason "
                            + back.reasons());
                }
                return new GatewayFuzzResult(inputs, t.accepted, t.rejected, back.deadLettersWithReason(),
                        validSent.size(), back.validDelivered(), t.crashes, t.hangs, t.findings);
            }
        }
    }

    /** The answers so far; updated from the HTTP client's threads. */
    private static final class Tally {
        long accepted;
        long rejected;
        long crashes;
        long hangs;
        final List<String> findings = new ArrayList<>();
        final Map<String, Long> reasons = new java.util.TreeMap<>();

        synchronized void input(String where, HttpResponse<String> r, Throwable e) {
            if (e != null) {
                failed(where, e);
                return;
            }
            int status = r.statusCode();
            if (status == 202) {
                accepted++;
            } else if ((status == 400 || status == 413) && !r.body().isBlank()) {
                rejected++;
                reasons.merge(FuzzReadBack.gist(reasonOf(r.body())), 1L, Long::sum);
            } else {
                crashes++;
                note(findings, where + " answered " + status + ": " + r.body());
            }
        }

        synchronized void valid(String what, HttpResponse<String> r, Throwable e) {
            if (e != null) {
                note(findings, what + ": " + e);
            } else if (r.statusCode() != 202) {
                note(findings, what + " answered " + r.statusCode() + ": " + r.body());
            }
        }

        private void failed(String where, Throwable e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof HttpTimeoutException) {
                hangs++;
                note(findings, where + ": no answer within the time bound");
            } else {
                crashes++;
                note(findings, where + ": connection broke: " + cause);
            }
        }
    }

    private CompletableFuture<HttpResponse<String>> post(String pathAndQuery, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(perInput)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The reason in a refusal's body: JSON {@code {"error": reason}} or plain text. */
    private static String reasonOf(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("error").asText(body);
        } catch (java.io.IOException e) {
            return body;
        }
    }

    static void note(List<String> findings, String finding) {
        if (findings.size() < MAX_FINDINGS) {
            findings.add(finding);
        }
    }
}
