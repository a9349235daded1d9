package org.zaploop.ingest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.ingest.fuzz.GatewayFuzzResult;
import org.zaploop.ingest.fuzz.WebSocketGatewayFuzz;
import org.zaploop.testsupport.InJvmKafka;

/**
 * The gateway's rig WebSocket against {@value #DEFAULT_MUTANTS} fuzzed messages (override with
 * {@code -Dzl.fuzz.ws.mutants}, reseed with {@code -Dzl.fuzz.seed}): mutated binary and text records, truncated,
 * oversized, the wrong message type, NaN and infinities, duplicate and out-of-order planes, records of unknown
 * sessions, with a valid plane after every tenth. No crash (the socket stays open), no hang (every batch is answered),
 * every refusal is an error frame and a dead letter with its reason, every valid plane arrives. A socket asking for a
 * session that is not a valid name is refused in the handshake.
 */
class GatewayWebSocketFuzzTest {

    static final int DEFAULT_MUTANTS = 3_000;
    static final long SEED = Long.getLong("zl.fuzz.seed", 20_261_122L);
    static final int MUTANTS = Integer.getInteger("zl.fuzz.ws.mutants", DEFAULT_MUTANTS);

    @TempDir
    Path dir;

    @Test
    void everyFrameIsAnsweredRefusedOnesAreDeadLetteredAndValidPlanesAroundThemArrive() throws Exception {
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             Gateway gateway = Gateway.start(GatewayConfig.loopback(kafka.bootstrap()))) {
            System.out.printf("GatewayWebSocketFuzzTest: seed %d (-Dzl.fuzz.seed), %d mutants%n", SEED, MUTANTS);
            GatewayFuzzResult r = new WebSocketGatewayFuzz("127.0.0.1", gateway.port(), null, Duration.ofSeconds(10))
                    .run("wsfuzz", MUTANTS, SEED, kafka.bootstrap(), Map.of());
            System.out.println("GatewayWebSocketFuzzTest: " + r);
            assertEquals(MUTANTS, r.inputs());
            assertEquals(0, r.crashes() + r.hangs(), "crashes or hangs: " + r.findings());
            assertTrue(r.rejected() > 0 && r.accepted() > 0, "mutations must corrupt some records, not all");
            assertEquals(r.rejected(), r.deadLettered(), "every refused frame is a dead letter with a reason, once");
            assertEquals(r.validSent(), r.validDelivered(), "valid planes beside the mutants lost");

            for (String query : new String[] {"session=", "session=../etc", "session=a%20b", "", "session=x&session=y",
                "session=ok&clock=moon"}) {
                CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                        () -> HttpClient.newHttpClient().newWebSocketBuilder()
                                .buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/rig/v1/stream?" + query),
                                        new WebSocket.Listener() { }).join(), query);
                assertTrue(e.getCause() instanceof WebSocketHandshakeException h
                        && h.getResponse().statusCode() == 400, query + ": " + e.getCause());
            }
        }
    }
}
