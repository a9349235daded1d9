package org.zaploop.controller.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.loop.DecisionLoop;
import org.zaploop.controller.loop.RecordingSink;
import org.zaploop.controller.policy.Policies;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.Stimulus;

class StopEndpointTest {

    static final String TOKEN = "0123456789abcdef0123";

    static HttpResponse<String> call(String method, String url, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.ofString("smoke in the room"));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void stopAndClearNeedTheTokenAndPost() throws Exception {
        RecordingSink sink = new RecordingSink();
        DecisionLoop loop = new DecisionLoop("s", Policies.create("optomotor", Map.of()),
                new SafetyEnvelope(SafetyLimits.defaults()), sink, ZapLoopClock::nowNs, 0);
        try (StopEndpoint http = new StopEndpoint("127.0.0.1", 0, TOKEN, loop, () -> Map.of("ok", true))) {
            String u = http.url();
            assertTrue(u.startsWith("http://127.0.0.1:"));
            assertNotEquals(0, http.port());
            assertEquals(401, call("POST", u + "/control/stop", null).statusCode());
            assertEquals(401, call("POST", u + "/control/stop", "Bearer " + TOKEN + "x").statusCode());
            assertEquals(401, call("POST", u + "/control/stop", "Basic " + TOKEN).statusCode());
            assertEquals(401, call("GET", u + "/control/status", null).statusCode());
            assertEquals(0, sink.commands.size(), "nothing happens without the token");
            assertEquals(405, call("GET", u + "/control/stop", "Bearer " + TOKEN).statusCode());
            assertEquals(404, call("POST", u + "/control/nothing", "Bearer " + TOKEN).statusCode());
            assertEquals(404, call("GET", u + "/", null).statusCode());

            HttpResponse<String> r = call("POST", u + "/control/stop", "bearer " + TOKEN);
            assertEquals(200, r.statusCode());
            assertEquals("{\"stopped\":true,\"changed\":true}", r.body().trim());
            assertEquals(Stimulus.SAFE_STATE, sink.lastCommand().stimulus());
            assertTrue(sink.audits(Decision.SAFE_STATE).get(0).reason().contains("smoke in the room"));
            assertEquals("{\"stopped\":true,\"changed\":false}",
                    call("POST", u + "/control/stop", "Bearer " + TOKEN).body().trim());
            assertEquals("{\"ok\":true}", call("GET", u + "/control/status", "Bearer " + TOKEN).body().trim());
            assertEquals("{\"stopped\":false,\"changed\":true}",
                    call("POST", u + "/control/clear", "Bearer " + TOKEN).body().trim());
        }
    }

    @Test
    void generatedTokensAreLongAndDifferent() {
        String a = StopEndpoint.newToken();
        assertTrue(a.length() >= 40);
        assertNotEquals(a, StopEndpoint.newToken());
    }
}
