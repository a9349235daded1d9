package org.zaploop.ingest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.ingest.testkit.Http;
import org.zaploop.ingest.testkit.Records;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.testsupport.InJvmKafka;

/**
 * The gateway's HTTP endpoints against {@value #DEFAULT_MUTANTS} corrupted records (override with
 * {@code -Dzl.fuzz.gateway.mutants}, reseed with {@code -Dzl.fuzz.seed}) of planes, ephys blocks and events,
 * with a valid plane sent after every tenth. Every mutant is answered — 202 if it still is a valid record, else
 * 400 or 413 with a reason — never a server error or a hang; every refused one is in {@code zl.dlq} with its
 * reason; and every valid plane sent alongside reaches {@code zl.imaging.planes}.
 */
class GatewayFuzzTest {

    static final int DEFAULT_MUTANTS = 1_500;
    static final long SEED = Long.getLong("zl.fuzz.seed", 20_261_122L);
    static final int MUTANTS = Integer.getInteger("zl.fuzz.gateway.mutants", DEFAULT_MUTANTS);
    static final String SESSION = "fuzz";
    /** Valid planes carry frames from here on; mutants are made from frames below. */
    static final long VALID_FRAMES = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void everyMutantIsAnsweredRefusedOnesAreDeadLetteredAndValidRecordsAroundThemArrive() throws Exception {
        Random random = new Random(SEED);
        String[] paths = {"/rig/v1/planes", "/rig/v1/ephys", "/rig/v1/events"};
        int refused = 0;
        int accepted = 0;
        Set<Long> validSent = new HashSet<>();
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka"));
             Gateway gateway = Gateway.start(GatewayConfig.loopback(kafka.bootstrap()))) {
            System.out.printf("GatewayFuzzTest: seed %d (-Dzl.fuzz.seed), %d mutants%n", SEED, MUTANTS);
            for (int i = 0; i < MUTANTS; i++) {
                int kind = random.nextInt(3);
                byte[] valid = switch (kind) {
                    case 0 -> Records.planeBytes(SESSION, i % 1000, random.nextInt(72));
                    case 1 -> new EphysBlockCodec().encode(Records.ephys(SESSION, 100L * i, Records.T0 + i));
                    default -> new RigEventCodec().encode(RigEvent.of(SESSION, Records.T0 + i, RigEventKind.TTL));
                };
                byte[] mutant = mutate(valid, random);
                HttpResponse<String> r = Http.post(gateway.port(), paths[kind] + "?session=" + SESSION, null, mutant);
                int status = r.statusCode();
                String where = "mutant " + i + " (seed " + SEED + ") to " + paths[kind];
                assertTrue(status == 202 || status == 400 || status == 413, where + " answered " + status + ": "
                        + r.body());
                if (status == 202) {
                    accepted++;
                } else {
                    refused++;
                    assertFalse(r.body().isBlank(), where + ": a refusal names its reason");
                }
                if (i % 10 == 9) {
                    long frame = VALID_FRAMES + i;
                    HttpResponse<String> ok = Http.post(gateway.port(), paths[0] + "?session=" + SESSION, null,
                            Records.planeBytes(SESSION, frame, 0));
                    assertEquals(202, ok.statusCode(), "valid plane beside the mutants: " + ok.body());
                    validSent.add(frame);
                }
            }
            System.out.printf("GatewayFuzzTest: %d refused, %d still valid, of %d%n", refused, accepted, MUTANTS);
            assertTrue(refused > 0, "mutations must corrupt some records");

            // The gateway answers a refusal once its dead letter is acknowledged, and a 202 once Kafka took the
            // record: everything is in the log by now.
            List<ConsumerRecord<String, byte[]>> dead = kafka.read(Topics.DLQ.name(), refused, GatewayFuzzTest::ours);
            for (ConsumerRecord<String, byte[]> r : dead) {
                assertFalse(letter(r).reason().isBlank(), "dead letter without a reason");
            }
            assertEquals(refused, dead.size(), "every refused record is a dead letter, once");

            Set<Long> arrived = new HashSet<>();
            for (ConsumerRecord<String, byte[]> p : kafka.read(Topics.PLANES.name(), validSent.size(),
                    GatewayFuzzTest::isValidFrame)) {
                arrived.add(new PlaneCodec().decode(p.value()).frame());
            }
            assertTrue(arrived.containsAll(validSent), "valid planes lost: " + missing(validSent, arrived));
        }
    }

    private static org.zaploop.protocol.records.DeadLetter letter(ConsumerRecord<String, byte[]> r) {
        return Topics.DLQ.valueSerde().deserializer().deserialize(r.topic(), r.value());
    }

    private static boolean ours(ConsumerRecord<String, byte[]> r) {
        byte[] key = letter(r).keyBytes();
        return key != null && SESSION.equals(new String(key, StandardCharsets.UTF_8));
    }

    private static boolean isValidFrame(ConsumerRecord<String, byte[]> r) {
        if (!r.key().equals(SESSION + "/0")) {
            return false;
        }
        return new PlaneCodec().decode(r.value()).frame() >= VALID_FRAMES;
    }

    private static Set<Long> missing(Set<Long> sent, Set<Long> arrived) {
        Set<Long> m = new HashSet<>(sent);
        m.removeAll(arrived);
        return m;
    }

    /** Bit flips, truncation, extension, an overwritten range, a huge length field, or noise. */
    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int k = 1 + random.nextInt(8); k > 0; k--) {
                    int bit = random.nextInt(b.length * 8);
                    b[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return b;
            }
            case 1 -> {
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 2 -> {
                byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(256));
                for (int k = b.length; k < longer.length; k++) {
                    longer[k] = (byte) random.nextInt(256);
                }
                return longer;
            }
            case 3 -> {
                int from = random.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + random.nextInt(16));
                for (int k = from; k < to; k++) {
                    b[k] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 4 -> {
                int at = random.nextInt(Math.max(1, b.length - 4));
                b[at] = (byte) 0xFF;
                b[at + 1] = (byte) 0xFF;
                b[at + 2] = (byte) 0xFF;
                b[at + 3] = (byte) 0x7F;
                return b;
            }
            default -> {
                byte[] noise = new byte[random.nextInt(512)];
                random.nextBytes(noise);
                return noise;
            }
        }
    }
}
