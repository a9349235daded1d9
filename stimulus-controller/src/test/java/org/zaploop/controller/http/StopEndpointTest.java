package org.zaploop.controller.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        return call(method, url, auth, "smoke in the room");
    }

    static HttpResponse<String> call(String method, String url, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
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
    void stimulateGoesThroughTheEnvelopeAndAnswersWithTheOutcome() throws Exception {
        RecordingSink sink = new RecordingSink();
        DecisionLoop loop = new DecisionLoop("s", Policies.create("optomotor", Map.of()),
                new SafetyEnvelope(SafetyLimits.defaults()), sink, ZapLoopClock::nowNs, 0);
        try (StopEndpoint http = new StopEndpoint("127.0.0.1", 0, TOKEN, loop, () -> Map.of())) {
            String u = http.url() + "/control/stimulate";
            String tooBright = "{\"stimulus\":\"FLASH\",\"params\":{\"intensity\":7,\"durationS\":0.1},"
                    + "\"validMs\":2000,\"operator\":\"test\"}";
            assertEquals(401, call("POST", u, null, tooBright).statusCode());
            assertEquals(405, call("GET", u, "Bearer " + TOKEN, "").statusCode());
            assertEquals(0, sink.commands.size());

            HttpResponse<String> ok = call("POST", u, "Bearer " + TOKEN, tooBright);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"decision\":\"ISSUED\"") && ok.body().contains("\"intensity\":1.0"),
                    ok.body());
            assertEquals(1.0, sink.lastCommand().params().get("intensity"));

            String photostim = "{\"stimulus\":\"PHOTOSTIM\",\"params\":{\"intensity\":0.2,\"durationS\":0.05}}";
            HttpResponse<String> again = call("POST", u, "Bearer " + TOKEN, photostim); // within the refractory time
            assertEquals(409, again.statusCode(), again.body());
            assertTrue(again.body().contains("\"rule\":\"refractory\""), again.body());
            assertEquals(1, sink.commands.size());
            assertEquals(1, sink.audits(Decision.REFUSED).size(), "the refusal is audited");

            for (String bad : new String[] {"not json", "[]", "{}", "{\"stimulus\":\"LASERZ\"}",
                    "{\"stimulus\":\"FLASH\",\"params\":{\"intensity\":\"high\"}}",
                    "{\"stimulus\":\"FLASH\",\"validMs\":1.5}", "{\"stimulus\":\"FLASH\",\"colour\":\"red\"}"}) {
                HttpResponse<String> r = call("POST", u, "Bearer " + TOKEN, bad);
                assertEquals(400, r.statusCode(), bad + " → " + r.body());
                assertTrue(r.body().contains("\"error\""), r.body());
            }
            assertEquals(1, sink.commands.size(), "malformed requests never reach the loop");
        }
    }

    @Test
    void everyControlActionWithoutTheRightTokenIs401AndChangesNothing() throws Exception {
        RecordingSink sink = new RecordingSink();
        DecisionLoop loop = new DecisionLoop("s", Policies.create("optomotor", Map.of()),
                new SafetyEnvelope(SafetyLimits.defaults()), sink, ZapLoopClock::nowNs, 0);
        try (StopEndpoint http = new StopEndpoint("127.0.0.1", 0, TOKEN, loop, () -> Map.of("ok", true))) {
            Map<String, String> actions = Map.of(
                    "/control/stop", "smoke",
                    "/control/clear", "",
                    "/control/stimulate", "{\"stimulus\":\"FLASH\",\"params\":{\"intensity\":0.5}}",
                    "/control/policy", "{\"policy\":\"playback\"}");
            for (Map.Entry<String, String> a : actions.entrySet()) {
                for (String auth : new String[] {null, "", "Bearer", "Bearer ", "Bearer " + TOKEN + "x",
                    "Bearer " + TOKEN.substring(1), "Basic " + TOKEN, TOKEN, "Bearer  wrong"}) {
                    HttpResponse<String> r = call("POST", http.url() + a.getKey(), auth, a.getValue());
                    assertEquals(401, r.statusCode(), a.getKey() + " with " + auth);
                    assertFalse(r.body().contains(TOKEN), "the token is never echoed");
                }
            }
            assertEquals(0, sink.commands.size(), "no command without the token");
            assertEquals(0, sink.audits.size(), "no decision without the token");
            assertFalse(loop.safety().manualStop().stopped());
            assertEquals("optomotor", loop.policy().name());
        }
    }

    @Test
    void policyChangeNeedsTheTokenGoesToTheSafeStateAndIsAudited() throws Exception {
        RecordingSink sink = new RecordingSink();
        DecisionLoop loop = new DecisionLoop("s", Policies.create("optomotor", Map.of()),
                new SafetyEnvelope(SafetyLimits.defaults()), sink, ZapLoopClock::nowNs, 0);
        try (StopEndpoint http = new StopEndpoint("127.0.0.1", 0, TOKEN, loop, () -> Map.of())) {
            String u = http.url() + "/control/policy";
            assertEquals(405, call("GET", u, "Bearer " + TOKEN, "").statusCode());
            // The rig presents an operator's grating: a policy change must not leave it running.
            HttpResponse<String> grating = call("POST", http.url() + "/control/stimulate", "Bearer " + TOKEN,
                    "{\"stimulus\":\"GRATING\",\"params\":{\"velocity\":5}}");
            assertEquals(200, grating.statusCode(), grating.body());
            sink.clear();

            HttpResponse<String> ok = call("POST", u, "Bearer " + TOKEN,
                    "{\"policy\":\"playback\",\"operator\":\"ana: open loop\"}");
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"applied\":true"), ok.body());
            assertEquals("playback", loop.policy().name());
            assertEquals(Stimulus.SAFE_STATE, sink.lastCommand().stimulus(), "the old stimulus is withdrawn");
            AuditRecordAssert.rule(sink.audits(Decision.SAFE_STATE).get(0), "policy-change", "ana: open loop");

            // Setpoint reads traces, which this controller (started with optomotor) does not: refused, audited.
            HttpResponse<String> no = call("POST", u, "Bearer " + TOKEN,
                    "{\"policy\":\"setpoint\",\"params\":{\"target\":1.2,\"neurons\":\"1-8\"}}");
            assertEquals(409, no.statusCode(), no.body());
            assertEquals("playback", loop.policy().name());
            assertEquals(1, sink.audits(Decision.REFUSED).size());
            AuditRecordAssert.rule(sink.audits(Decision.REFUSED).get(0), "policy-change", "TRACES");

            int audits = sink.audits.size();
            for (String bad : new String[] {"not json", "{}", "{\"policy\":\"bogus\"}",
                "{\"policy\":\"optomotor\",\"params\":{\"nonsense\":1}}",
                "{\"policy\":\"optomotor\",\"params\":[1]}", "{\"policy\":\"optomotor\",\"colour\":1}"}) {
                HttpResponse<String> r = call("POST", u, "Bearer " + TOKEN, bad);
                assertEquals(400, r.statusCode(), bad + " → " + r.body());
            }
            assertEquals(audits, sink.audits.size(), "malformed requests never reach the loop");
            assertEquals("playback", loop.policy().name());
        }
    }

    /** Checks an audit record's rule and that its reason mentions something. */
    private static final class AuditRecordAssert {
        static void rule(org.zaploop.protocol.records.AuditRecord a, String rule, String mentions) {
            assertEquals(rule, a.rule(), a.toString());
            assertTrue(a.reason().contains(mentions), a.reason());
        }
    }

    @Test
    void generatedTokensAreLongAndDifferent() {
        String a = StopEndpoint.newToken();
        assertTrue(a.length() >= 40);
        assertNotEquals(a, StopEndpoint.newToken());
    }
}
