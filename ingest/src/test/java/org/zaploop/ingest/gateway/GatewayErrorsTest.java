package org.zaploop.ingest.gateway;


import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.zaploop.ingest.client.RigClient;
import org.zaploop.ingest.client.RigClientConfig;
import org.zaploop.ingest.testkit.Http;
import org.zaploop.ingest.testkit.Records;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.DeadLetterCodec;
import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.Plane;

/**
 * Malformed, oversized and misaddressed input: HTTP answers 400/413 with the reason; a socket answers with an
 * error frame naming the message, dead-letters the record, stays open, and publishes every valid record around
 * it. Other connections are not affected.
 */
class GatewayErrorsTest {


    @RegisterExtension
    static final GatewayUnderTest env = new GatewayUnderTest(c -> c);

    private static byte[] truncated(byte[] record) {
        return Arrays.copyOf(record, record.length - 100);
    }

    @Test
    void aTruncatedPlaneOverHttpIs400WithTheDecodersReason() throws Exception {
        byte[] bad = truncated(Records.planeBytes("err-http", 0, 1));
        HttpResponse<String> r = Http.post(env.gateway().port(), "/rig/v1/planes?session=err-http", null, bad);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("ZLPL: truncated: header says 4096 pixel bytes, 3996 present"), r.body());
        HttpResponse<String> ok = Http.post(env.gateway().port(), "/rig/v1/planes?session=err-http", null,
                Records.planeBytes("err-http", 0, 1));
        assertEquals(202, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"topic\":\"zl.imaging.planes\""), ok.body());
    }

    @Test
    void aPlaneKafkaRefusesForItsTimestampIs400AndADeadLetterNotAnOutage() throws Exception {
        // Ten years ahead: outside the broker's accepted timestamp window (found by GatewayFuzzTest).
        long future = System.currentTimeMillis() * 1_000_000L + 10L * 365 * 24 * 3600 * 1_000_000_000L;
        Plane p = Records.tile("err-future", 0, 2);
        byte[] bytes = new PlaneCodec().encode(new Plane(p.session(), 0, 2, 72, future, 2048, 1328, 0, 0, 64, 32,
                p.pixels()));
        HttpResponse<String> r = Http.post(env.gateway().port(), "/rig/v1/planes?session=err-future", null, bytes);
        assertEquals(400, r.statusCode(), r.body());
        // Refused by the gateway itself before Kafka sees it (Kafka would also fail the valid records batched with it).
        assertTrue(r.body().contains("ahead of the gateway's clock"), r.body());
        assertEquals(1, env.kafka().read(Topics.DLQ.name(), 1, rec -> java.util.Arrays.equals("err-future".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), Topics.DLQ.valueSerde().deserializer()
                .deserialize(rec.topic(), rec.value()).keyBytes())).size());
        assertEquals(202, Http.post(env.gateway().port(), "/rig/v1/planes?session=err-future", null,
                Records.planeBytes("err-future", 0, 3)).statusCode(), "the next valid plane is published");
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        byte[] big = new byte[RecordKind.EVENT.maxBytes() + 1];
        HttpResponse<String> r = Http.post(env.gateway().port(), "/rig/v1/events?session=err-big", null, big);
        assertEquals(413, r.statusCode());
        assertTrue(r.body().contains("at most " + RecordKind.EVENT.maxBytes() + " bytes"), r.body());
        // Its dead letter holds the reason, not the body (which the gateway never read whole).
        org.zaploop.protocol.records.DeadLetter letter = Topics.DLQ.valueSerde().deserializer().deserialize(
                Topics.DLQ.name(), env.kafka().read(Topics.DLQ.name(), 1, rec -> java.util.Arrays.equals("err-big".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), Topics.DLQ.valueSerde().deserializer()
                .deserialize(rec.topic(), rec.value()).keyBytes())).get(0).value());
        assertEquals(r.body(), letter.reason());
        assertEquals(null, letter.valueBytes());
    }

    @Test
    void aRecordOfAnotherSessionIs400() throws Exception {
        byte[] ephys = new EphysBlockCodec().encode(Records.ephys("fish-b", 0, Records.T0));
        HttpResponse<String> r = Http.post(env.gateway().port(), "/rig/v1/ephys?session=fish-a", null, ephys);
        assertEquals(400, r.statusCode());
        assertEquals("ZLEP: session 'fish-b' does not match the connection's session 'fish-a'", r.body());
        assertEquals(400, Http.post(env.gateway().port(), "/rig/v1/ephys", null, ephys).statusCode(), "session is required");
    }

    @Test
    void aMalformedFrameGetsAnErrorFrameAndADeadLetterAndEveryValidFrameAroundItArrives() throws Exception {
        String session = "err-ws";
        try (RigClient rig = RigClient.connect(RigClientConfig.of("127.0.0.1", env.gateway().port(), null, session));
             RigClient other = RigClient.connect(RigClientConfig.of("127.0.0.1", env.gateway().port(), null, "err-other"))) {
            for (int z = 0; z < 5; z++) {
                rig.sendPlane(Records.tile(session, 0, z));
                other.sendPlane(Records.tile("err-other", 0, z));
            }
            byte[] bad = truncated(Records.planeBytes(session, 0, 5));
            long badFrame = rig.sendRecord(bad);
            long badText = rig.sendText("{\"session\":\"err-ws\",\"kind\":\"HEARTBEAT\"}");
            long wrongSession = rig.sendPlane(Records.tile("someone-else", 0, 9));
            long badMagic = rig.sendRecord(new byte[] {'N', 'O', 'P', 'E', 1, 0, 8, 0});
            for (int z = 6; z < 11; z++) {
                rig.sendPlane(Records.tile(session, 0, z));
                other.sendPlane(Records.tile("err-other", 0, z));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.errors().size() == 4);
            assertEquals(Set.of(badFrame, badText, wrongSession, badMagic),
                    rig.errors().stream().map(RigClient.ErrorFrame::frame).collect(Collectors.toSet()));
            RigClient.ErrorFrame truncatedError = rig.errors().stream().filter(e -> e.frame() == badFrame)
                    .findFirst().orElseThrow();
            assertTrue(truncatedError.error().startsWith("ZLPL: truncated"), truncatedError.error());
            assertTrue(rig.errors().stream().anyMatch(e -> e.frame() == badText
                    && e.error().startsWith("RigEvent: ")), rig.errors().toString());
            assertTrue(other.errors().isEmpty(), other.errors().toString());

            // The socket is still open and still publishes.
            rig.sendPlane(Records.tile(session, 1, 0));

            List<ConsumerRecord<String, byte[]>> planes = env.kafka().read(Topics.PLANES.name(), 11,
                    r -> r.key().startsWith(session + "/"));
            assertEquals(11, planes.size());
            Set<String> keys = planes.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            for (int z : new int[] {0, 1, 2, 3, 4, 6, 7, 8, 9, 10}) {
                assertTrue(keys.contains(session + "/" + z), "missing z " + z);
            }
            for (ConsumerRecord<String, byte[]> r : planes) {
                Plane p = new PlaneCodec().decode(r.value());
                assertEquals(session, p.session());
            }
            assertEquals(10, env.kafka().read(Topics.PLANES.name(), 10, r -> r.key().startsWith("err-other/")).size());

            List<DeadLetter> letters = env.kafka().read(Topics.DLQ.name(), 4, r -> isFrom(r, session)).stream()
                    .map(r -> new DeadLetterCodec().decode(r.value()))
                    .toList();
            DeadLetter planeLetter = letters.stream().filter(d -> d.reason().startsWith("ZLPL: truncated"))
                    .findFirst().orElseThrow(() -> new AssertionError(letters.toString()));
            assertEquals(Topics.PLANES.name(), planeLetter.sourceTopic());
            assertTrue(Arrays.equals(bad, planeLetter.valueBytes()));
            assertTrue(letters.stream().anyMatch(d -> d.sourceTopic().equals(Topics.RIG_EVENTS.name())));
        }
    }

    private static boolean isFrom(ConsumerRecord<String, byte[]> r, String session) {
        DeadLetter d = new DeadLetterCodec().decode(r.value());
        return d.key() != null && session.equals(new String(d.keyBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
