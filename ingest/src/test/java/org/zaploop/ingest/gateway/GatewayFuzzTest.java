package org.zaploop.ingest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.ingest.fuzz.GatewayFuzzResult;
import org.zaploop.ingest.fuzz.HttpGatewayFuzz;
import org.zaploop.testsupport.InJvmKafka;

/**
 * The gateway's HTTP endpoints against {@value #DEFAULT_MUTANTS} fuzzed records (override with
 * {@code -Dzl.fuzz.gateway.mutants}, reseed with {@code -Dzl.fuzz.seed}) of planes, ephys blocks and events, made
 * by {@link org.zaploop.ingest.fuzz.GatewayFuzzInputs}, with a valid plane sent after every tenth. Every input is
 * answered — 202 if it still is a valid record, else 400 or 413 with a reason — never a server error or a hang;
 * every refused one is in {@code zl.dlq} with its reason; and every valid plane sent alongside reaches
 * {@code zl.imaging.planes}.
 */
class GatewayFuzzTest {

    static final int DEFAULT_MUTANTS = 1_500;
    static final long SEED = Long.getLong("zl.fuzz.seed", 20_261_122L);
    static final int MUTANTS = Integer.getInteger("zl.fuzz.gateway.mutants", DEFAULT_MUTANTS);

    @TempDir
    Path dir;

    @Test
    void everyMutantIsAnsweredRefusedOnesAreDeadLetteredAndValidRecordsAroundThemArrive() throws Exception {
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             Gateway gateway = Gateway.start(GatewayConfig.loopback(kafka.bootstrap()))) {
            System.out.printf("GatewayFuzzTest: seed %d (-Dzl.fuzz.seed), %d mutants%n", SEED, MUTANTS);
            GatewayFuzzResult r = new HttpGatewayFuzz("127.0.0.1", gateway.port(), null, Duration.ofSeconds(30))
                    .run("fuzz", MUTANTS, SEED, kafka.bootstrap(), Map.of());
            System.out.println("GatewayFuzzTest: " + r);
            assertEquals(0, r.crashes() + r.hangs(), "crashes or hangs: " + r.findings());
            assertTrue(r.rejected() > 0 && r.accepted() > 0, "mutations must corrupt some records, not all");
            assertEquals(r.rejected(), r.deadLettered(), "every refused record is a dead letter with a reason, once");
            assertEquals(r.validSent(), r.validDelivered(), "valid planes beside the mutants lost");
            assertTrue(r.passed());
        }
    }
}
