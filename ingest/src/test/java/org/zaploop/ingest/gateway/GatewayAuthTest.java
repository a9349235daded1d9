package org.zaploop.ingest.gateway;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.zaploop.ingest.client.RigClient;
import org.zaploop.ingest.client.RigClientConfig;
import org.zaploop.ingest.testkit.Http;
import org.zaploop.ingest.testkit.Records;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/** Token authentication: WebSocket handshakes and HTTP requests without the right bearer token get 401. */
class GatewayAuthTest {

    private static final String TOKEN = "correct horse battery staple";


    @RegisterExtension
    static final GatewayUnderTest env = new GatewayUnderTest(c -> c.withToken(TOKEN));

    private static byte[] event(String session) {
        return new RigEventCodec().encode(RigEvent.of(session, Records.T0, RigEventKind.HEARTBEAT));
    }

    @Test
    void socketsWithoutTheRightTokenAreRefusedBeforeUpgrading() {
        for (String token : new String[] {null, "wrong", TOKEN + "x", ""}) {
            RigClientConfig c = RigClientConfig.of("127.0.0.1", env.gateway().port(), token == null || token.isEmpty()
                    ? null : token, "auth-ws-bad");
            RigClient.RejectedException e = assertThrows(RigClient.RejectedException.class, () -> RigClient.connect(c));
            assertEquals(401, e.status());
        }
        RigClientConfig commands = RigClientConfig.of("127.0.0.1", env.gateway().port(), "wrong", "auth-ws-bad")
                .withCommandHandler((cmd, now) -> null);
        assertEquals(401, assertThrows(RigClient.RejectedException.class, () -> RigClient.connect(commands)).status());
    }

    @Test
    void httpWithoutTheRightTokenIs401() throws Exception {
        HttpResponse<String> none = Http.post(env.gateway().port(), "/rig/v1/events?session=auth-http-bad", null,
                event("auth-http-bad"));
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, Http.post(env.gateway().port(), "/rig/v1/events?session=auth-http-bad", "nope",
                event("auth-http-bad")).statusCode());
        assertEquals(401, Http.post(env.gateway().port(), "/rig/v1/planes?session=auth-http-bad", "nope",
                Records.planeBytes("auth-http-bad", 0, 0)).statusCode());
    }

    @Test
    void theRightTokenPublishesAndTheRefusedPublishedNothing() throws Exception {
        // Refused attempts first, then good ones on another session; the bad session must be empty at the end.
        assertEquals(401, Http.post(env.gateway().port(), "/rig/v1/events?session=auth-nothing", "nope",
                event("auth-nothing")).statusCode());
        assertThrows(RigClient.RejectedException.class,
                () -> RigClient.connect(RigClientConfig.of("127.0.0.1", env.gateway().port(), "nope", "auth-nothing")));

        HttpResponse<String> ok = Http.post(env.gateway().port(), "/rig/v1/events?session=auth-good", TOKEN, event("auth-good"));
        assertEquals(202, ok.statusCode(), ok.body());
        try (RigClient rig = RigClient.connect(RigClientConfig.of("127.0.0.1", env.gateway().port(), TOKEN, "auth-good"))) {
            rig.sendEvent(RigEvent.of("auth-good", Records.T0 + 1, RigEventKind.HEARTBEAT));
            rig.sendPlane(Records.tile("auth-good", 0, 3));
        }
        List<ConsumerRecord<String, byte[]>> events = env.kafka().read(Topics.RIG_EVENTS.name(), 2,
                r -> r.key().equals("auth-good"));
        assertEquals(2, events.size());
        assertEquals(1, env.kafka().read(Topics.PLANES.name(), 1, r -> r.key().equals("auth-good/3")).size());

        List<ConsumerRecord<String, byte[]>> all = env.kafka().readAll(Topics.RIG_EVENTS.name());
        assertTrue(all.stream().noneMatch(r -> r.key().equals("auth-nothing") || r.key().equals("auth-http-bad")
                || r.key().equals("auth-ws-bad")), "a refused request published something");
        assertTrue(env.kafka().readAll(Topics.PLANES.name()).stream().noneMatch(r -> r.key().startsWith("auth-http-bad")));
    }

    @Test
    void aNonLoopbackBindWithoutATokenRefusesToStart() {
        GatewayConfig open = GatewayConfig.loopback(env.kafka().bootstrap()).withBind("0.0.0.0", 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gateway.start(open));
        assertTrue(e.getMessage().contains("without a token"), e.getMessage());
        // With a token it may; and the token never shows in the config's text.
        GatewayConfig withToken = open.withToken(TOKEN);
        withToken.requireSafeBind();
        assertFalse(withToken.toString().contains(TOKEN));
        assertFalse(new String(withToken.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .contains("battery"));
    }
}
