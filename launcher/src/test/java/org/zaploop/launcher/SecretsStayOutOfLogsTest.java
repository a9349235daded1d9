package org.zaploop.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.controller.http.ControlFile;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/**
 * Tokens never reach a log. The demo runs as its own process with the rig gateway (token from the environment)
 * and the controller's control endpoint (random token, written only to its owner-only control file), logging at
 * debug level; a client then knocks with wrong tokens (401, nothing changes) and with the right ones. Neither
 * token may appear anywhere in what the process printed.
 */
class SecretsStayOutOfLogsTest {

    private static final String RIG_TOKEN = "rig-secret-7f3a9c2e5b1d4068";
    private static final Pattern GATEWAY = Pattern.compile("Rig gateway listening on ([0-9.]+):(\\d+)");

    @TempDir
    Path home;

    @Test
    void noTokenIsEverLogged() throws Exception {
        String session = "secrets";
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "-Dzaploop.home=" + home, "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.org.zaploop=debug",
                ZapLoop.class.getName(), "demo", "--duration", "40s", "--session", session, "--with", "gateway",
                "--without", "imaging,forecast,twin", "--no-view", "--metrics-port", "0", "--port", "0",
                "--data-dir", home.resolve("broker").toString());
        pb.environment().put("ZAPLOOP_RIG_TOKEN", RIG_TOKEN);
        pb.environment().put("ZAPLOOP_RIG_PORT", "0");
        pb.redirectErrorStream(true);
        Path controlDir = home.resolve(".zaploop").resolve("control");
        Process demo = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> gatewayPort(out) > 0
                    && Files.exists(ControlFile.path(controlDir, session)));
            ControlFile control = ControlFile.read(controlDir, session);
            String gateway = "http://127.0.0.1:" + gatewayPort(out);
            byte[] event = new RigEventCodec().encode(RigEvent.of(session, System.nanoTime(), RigEventKind.HEARTBEAT));

            // Wrong tokens are refused and change nothing; the right ones work.
            for (String wrong : List.of("wrong", RIG_TOKEN + "x", control.token().substring(1))) {
                assertEquals(401, post(gateway + "/rig/v1/events?session=" + session, wrong, event).statusCode());
                assertEquals(401, post(control.url() + "/control/stop", wrong, "test".getBytes(StandardCharsets.UTF_8)).statusCode());
            }
            assertEquals(401, post(control.url() + "/control/stop", null, "test".getBytes(StandardCharsets.UTF_8)).statusCode());
            assertTrue(get(control.url() + "/control/status", control.token()).body().contains("\"stopped\":false"),
                    "no refused request stopped the controller");
            int accepted = post(gateway + "/rig/v1/events?session=" + session, RIG_TOKEN, event).statusCode();
            assertTrue(accepted / 100 == 2, "the right rig token is accepted: " + accepted);
            assertEquals(200, get(control.url() + "/control/status", control.token()).statusCode());

            assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the demo ends after its duration");
            reader.join(10_000);
            String log;
            synchronized (out) {
                log = out.toString();
            }
            assertTrue(log.contains("Rig gateway listening"), "the process log was captured:\n" + log);
            assertFalse(log.contains(RIG_TOKEN), "the rig token appears in the log");
            assertFalse(log.contains(control.token()), "the control token appears in the log");
        } finally {
            demo.destroyForcibly();
        }
    }

    private static int gatewayPort(StringBuilder out) {
        synchronized (out) {
            Matcher m = GATEWAY.matcher(out);
            return m.find() ? Integer.parseInt(m.group(2)) : 0;
        }
    }

    private static HttpResponse<String> post(String url, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertNotNull(r.body());
        return r;
    }
}
