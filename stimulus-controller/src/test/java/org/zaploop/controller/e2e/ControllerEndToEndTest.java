package org.zaploop.controller.e2e;

import org.zaploop.testsupport.InJvmKafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.ControllerService;
import org.zaploop.controller.cli.AuditCommand;
import org.zaploop.controller.cli.StopCommand;
import org.zaploop.controller.kafka.KafkaClients;
import org.zaploop.controller.loop.CommandDeduplicator;
import org.zaploop.controller.safety.Rules;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;
import picocli.CommandLine;

/** The controller against a real in-JVM broker, with a fake rig that acknowledges commands. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerEndToEndTest {

    static final String TOKEN = "test-token-0123456789abcdef";

    InJvmKafka kafka;
    KafkaProducer<String, byte[]> producer;
    long sample;

    @BeforeAll
    void broker(@TempDir Path dir) throws Exception {
        kafka = InJvmKafka.start(dir);
        producer = KafkaClients.producer(kafka.bootstrap(), "test-input");
    }

    @AfterAll
    void stop() throws Exception {
        producer.close();
        kafka.close();
    }

    void behavior(String session, double vigor) {
        long now = ZapLoopClock.nowNs();
        Behavior b = new Behavior(session, now, sample, sample + 59, vigor, vigor, vigor, 0, vigor > 0, false, -1);
        sample += 60;
        producer.send(new ProducerRecord<>(Topics.BEHAVIOR.name(), session,
                Topics.BEHAVIOR.valueSerde().serializer().serialize(Topics.BEHAVIOR.name(), b)));
    }

    void stream(String session, int records) throws InterruptedException {
        for (int i = 0; i < records; i++) {
            behavior(session, 0.2);
            Thread.sleep(10);
        }
    }

    List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> keep) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(kafka.bootstrap(), "test-read")) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (keep.test(r)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    List<AuditRecord> audits(String session) {
        return read(Topics.AUDIT.name(), r -> session.equals(r.key())).stream()
                .map(r -> Topics.AUDIT.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
    }

    static HttpResponse<String> post(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("e2e"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long nonSafe(FakeRig rig) {
        return rig.commands().stream().filter(c -> c.stimulus() != Stimulus.SAFE_STATE).count();
    }

    @Test
    void closesTheLoopFallsBackToSafeStateAndObeysTheStopButton() throws Exception {
        String session = "e2e-1";
        ControllerConfig config = ControllerConfig.defaults(kafka.bootstrap(), session).withHttp(0, TOKEN);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FakeRig rig = new FakeRig(kafka.bootstrap(), session);
             ControllerService controller = new ControllerService(config, registry).start()) {
            // 1. behaviour in → commands out, increasing seq, applied inside their windows
            stream(session, 60);
            await().atMost(Duration.ofSeconds(10)).until(() -> nonSafe(rig) >= 3);
            List<FakeRig.Received> got = new ArrayList<>(rig.received);
            long prev = -1;
            for (FakeRig.Received r : got) {
                assertTrue(r.command().seq() > prev, "seq increases");
                prev = r.command().seq();
                if (r.command().stimulus() == Stimulus.GRATING) {
                    assertEquals(CommandDeduplicator.Verdict.APPLY, r.verdict(), "arrived inside its window: " + r);
                    assertEquals(Map.of("velocity", 10.0, "gain", 0.5), r.command().params());
                } else {
                    // only if the loaded host delayed the input beyond 250 ms: the staleness guard at work
                    assertEquals(Stimulus.SAFE_STATE, r.command().stimulus());
                }
            }
            Map<String, Object> status = controller.status();
            assertNotNull(status.get("latencyP50Ms"), status.toString());
            assertTrue((Long) status.get("decisions") >= 3);
            assertTrue(registry.get("zaploop.stage.latency").tag("stage", "controller").timer().count() >= 3);
            // its input consumer reports its fetch figures (records lag per partition among them)
            assertTrue(registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("kafka.consumer.")),
                    "the controller's Kafka consumer is on /metrics");

            // 2. the input stops → SAFE_STATE command and audit
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    rig.commands().get(rig.commands().size() - 1).stimulus() == Stimulus.SAFE_STATE);
            await().atMost(Duration.ofSeconds(10)).until(() -> audits(session).stream().anyMatch(a ->
                    a.decision() == Decision.SAFE_STATE && Rules.STALE_INPUT.equals(a.rule())));

            // 3. a malformed behaviour record → zl.dlq; the valid one after it is processed
            int before = rig.commands().size();
            producer.send(new ProducerRecord<>(Topics.BEHAVIOR.name(), session,
                    "{\"session\":\"e2e-1\",\"vigor\":\"lots\"}".getBytes(StandardCharsets.UTF_8)));
            behavior(session, 0.1);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.commands().size() > before
                    && rig.commands().get(rig.commands().size() - 1).stimulus() == Stimulus.GRATING);
            List<DeadLetter> dead = read(Topics.DLQ.name(), r -> Topics.BEHAVIOR.name().equals(r.key())).stream()
                    .map(r -> Topics.DLQ.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
            assertEquals(1, dead.size());
            assertTrue(dead.get(0).reason().startsWith("Behavior"), dead.get(0).reason());
            assertEquals(Topics.BEHAVIOR.name(), dead.get(0).sourceTopic());

            // 4. the stop endpoint: 401 without (or with a wrong) token; with it, latched safe state
            String url = controller.stopUrl();
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            assertEquals(401, post(url + "/control/stop", null).statusCode());
            assertEquals(401, post(url + "/control/stop", "wrong-token-0123456789").statusCode());
            assertFalse((Boolean) controller.status().get("stopped"));
            HttpResponse<String> ok = post(url + "/control/stop", TOKEN);
            assertEquals(200, ok.statusCode(), ok.body());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    rig.commands().get(rig.commands().size() - 1).stimulus() == Stimulus.SAFE_STATE);
            long issuedBefore = nonSafe(rig);
            stream(session, 50);
            Thread.sleep(300);
            assertEquals(issuedBefore, nonSafe(rig), "no command but safe state while stopped");
            await().atMost(Duration.ofSeconds(10)).until(() -> audits(session).stream().anyMatch(a ->
                    a.decision() == Decision.REFUSED && Rules.MANUAL_STOP.equals(a.rule())));
            assertTrue((Boolean) controller.status().get("stopped"));

            // the CLI's stop command: a wrong token exits 3, the right one clears the stop
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new StopCommand()).setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(new StringWriter()));
            assertEquals(3, cli.execute("--url", url, "--token", "nope-nope-nope-nope", "--clear"));
            assertEquals(0, cli.execute("--url", url, "--token", TOKEN, "--clear"));
            assertTrue(out.toString().contains("Stop cleared"), out.toString());
            stream(session, 20);
            await().atMost(Duration.ofSeconds(10)).until(() -> nonSafe(rig) > issuedBefore);

            // 5. the audit trail, as the CLI prints it
            StringWriter table = new StringWriter();
            int code = new CommandLine(new AuditCommand()).setOut(new PrintWriter(table))
                    .execute("--session", session, "--bootstrap", kafka.bootstrap());
            assertEquals(0, code);
            String t = table.toString();
            assertTrue(t.contains("ISSUED") && t.contains("SAFE_STATE") && t.contains("REFUSED")
                    && t.contains("manual-stop") && t.contains("stale-input") && t.contains("optomotor"), t);
            StringWriter js = new StringWriter();
            assertEquals(0, new CommandLine(new AuditCommand()).setOut(new PrintWriter(js))
                    .execute("--session", session, "--bootstrap", kafka.bootstrap(), "--json"));
            assertTrue(js.toString().startsWith("{\"session\":\"e2e-1\",\"count\":"), js.toString());

            // closing the controller while it presents something puts the rig in its safe state at once
            long presented = nonSafe(rig);
            Thread feeder = new Thread(() -> {
                try {
                    stream(session, 300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            feeder.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> nonSafe(rig) > presented);
            controller.close();
            feeder.interrupt();
            feeder.join();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    rig.commands().get(rig.commands().size() - 1).stimulus() == Stimulus.SAFE_STATE);
            await().atMost(Duration.ofSeconds(10)).until(() -> audits(session).stream().anyMatch(a ->
                    a.decision() == Decision.SAFE_STATE && Rules.SHUTDOWN.equals(a.rule())));

            // every ISSUED audit matches a command the rig received, with the input it rested on
            List<AuditRecord> trail = audits(session);
            List<StimulusCommand> sent = rig.commands();
            for (AuditRecord a : trail) {
                if (a.decision() == Decision.ISSUED) {
                    assertTrue(sent.contains(a.command()), "audited command was delivered: " + a.command());
                    assertEquals(Topics.BEHAVIOR.name(), a.inputs().get(0).topic());
                }
            }
        }
    }

    @Test
    void aSilentRigTripsTheHeartbeatAndAGeneratedTokenIsPrintedOnce() throws Exception {
        String session = "e2e-2";
        List<String> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        ControllerConfig config = ControllerConfig.defaults(kafka.bootstrap(), session).withHttp(0, null)
                .withLimits(SafetyLimits.defaults().with(Map.of("rigTimeoutMs", "500")));
        try (FakeRig rig = new FakeRig(kafka.bootstrap(), session);
             ControllerService controller = new ControllerService(config, new SimpleMeterRegistry(),
                     printed::add).start()) {
            rig.acking = false;
            assertEquals(1, printed.size(), "printed once");
            String text = printed.get(0);
            assertTrue(text.contains("Authorization: Bearer "), text);
            String token = text.substring(text.indexOf("Bearer ") + 7, text.indexOf('\'', text.indexOf("Bearer ")));
            assertFalse(controller.status().toString().contains(token), "the token is never in status");
            stream(session, 120);
            await().atMost(Duration.ofSeconds(10)).until(() -> audits(session).stream().anyMatch(a ->
                    a.decision() == Decision.SAFE_STATE && Rules.RIG_HEARTBEAT.equals(a.rule())));
            assertEquals(200, post(controller.stopUrl() + "/control/stop", token).statusCode());
        }
    }
}
