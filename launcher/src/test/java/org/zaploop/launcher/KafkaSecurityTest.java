package org.zaploop.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.ingest.gateway.GatewayConfig;
import org.zaploop.launcher.components.BehaviorComponent;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.ControllerComponent;
import org.zaploop.launcher.components.GatewayComponent;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.SampleType;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * Kafka SASL settings pass through from one file to every Kafka client. A single-node KRaft broker whose client
 * listener is SASL_PLAINTEXT (PLAIN, JAAS users, an authorizer that denies unknown users): a client without
 * credentials or with a wrong password is refused; with the settings file given to the process
 * ({@link KafkaClientSettings#use}, what {@code --kafka-config} does) the gateway, the behaviour processor and the
 * controller run the loop end to end — ephys blocks posted to the gateway become behaviour records, which the
 * controller decides on and audits — and the password appears nowhere in what the process logged.
 */
class KafkaSecurityTest {

    static {
        // The Kafka clients print their whole configuration at INFO (the JAAS config as [hidden]): let them, where
        // this JVM has not yet fixed that logger's level, so the capture below holds it.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig", "info");
    }

    private static final String SESSION = "sasl-test";
    private static final String PASSWORD = JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;

    @TempDir
    Path dir;

    @AfterEach
    void forgetSettings() {
        System.clearProperty(KafkaClientSettings.PROPERTY);
        KafkaClientSettings.reset();
    }

    @Test
    void credentialsFromTheFileReachEveryClientAndTheirPasswordIsNeverLogged() throws Exception {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(dir.resolve("kafka"))
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build();
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrap = cluster.bootstrapServers();

            // Refused: no credentials (the broker never answers a client that skips the SASL handshake), and a
            // wrong password.
            assertThrows(Exception.class, () -> listTopics(bootstrap, Map.of()));
            ExecutionException wrong = assertThrows(ExecutionException.class, () -> listTopics(bootstrap,
                    sasl(JaasUtils.KAFKA_PLAIN_ADMIN, "not-the-password")));
            assertTrue(wrong.getCause() instanceof SaslAuthenticationException, wrong.getCause().toString());

            // Everything the components log from here on is captured.
            PrintStream tee = new PrintStream(new TeeStream(captured, originalErr), true, StandardCharsets.UTF_8);
            System.setErr(tee);
            System.setOut(new PrintStream(new TeeStream(captured, originalOut), true, StandardCharsets.UTF_8));

            Path file = dir.resolve("kafka-client.properties");
            Properties p = new Properties();
            p.putAll(sasl(JaasUtils.KAFKA_PLAIN_ADMIN, PASSWORD));
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "the lab's Kafka credentials");
            }
            KafkaClientSettings settings = KafkaClientSettings.use(file);
            assertFalse(settings.toString().contains(PASSWORD), settings.toString());

            try (Admin admin = Admin.create(KafkaClientSettings.secure(new java.util.HashMap<>(
                    Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))))) {
                new TopicProvisioner(admin, (short) 1, 60_000).provision(TopicCatalogue.ALL);
            }
            ComponentContext ctx = new ComponentContext(bootstrap, SESSION, "small", dir.resolve("work"),
                    new SimpleMeterRegistry());
            GatewayComponent gateway = new GatewayComponent(ctx, GatewayConfig.loopback(bootstrap));
            BehaviorComponent behavior = new BehaviorComponent(ctx);
            ControllerComponent controller = new ControllerComponent(ctx, ControllerConfig.defaults(bootstrap, SESSION)
                    .withLimits(SafetyLimits.defaults().with(Map.of("rigTimeoutMs", "600000"))) // no rig here
                    .withHttp(0, "sasl-test-control-token-0123"), line -> { });
            try (gateway; behavior; controller) {
                gateway.start();
                behavior.start();
                controller.start();
                await().atMost(Duration.ofSeconds(90)).until(behavior::assigned);
                String url = "http://" + gateway.status().get("listening");
                long t0 = System.currentTimeMillis() * 1_000_000L;
                for (int b = 0; b < 20; b++) {
                    HttpResponse<String> r = post(url + "/rig/v1/ephys?session=" + SESSION, ephys(b, t0));
                    assertEquals(202, r.statusCode(), r.body());
                }
                try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
                    List<String> seen = new ArrayList<>();
                    await().atMost(Duration.ofSeconds(90)).until(() -> {
                        c.poll(Duration.ofMillis(200)).forEach(r -> {
                            if (r.key() != null && r.key().startsWith(SESSION)) {
                                seen.add(r.topic());
                            }
                        });
                        return seen.contains(Topics.EPHYS.name()) && seen.contains(Topics.BEHAVIOR.name())
                                && seen.contains(Topics.AUDIT.name());
                    });
                }
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Rig gateway listening") && log.contains("controller for session " + SESSION),
                "the components' logs were captured:\n" + log);
        assertFalse(log.contains(PASSWORD), "the Kafka password appears in the log");
    }

    private static Map<String, String> sasl(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    private static void listTopics(String bootstrap, Map<String, String> extra) throws Exception {
        Map<String, Object> c = new java.util.HashMap<>(extra);
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (Admin admin = Admin.create(c)) {
            admin.listTopics().names().get();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaClientSettings.secure(p), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(Topics.EPHYS.name(), Topics.BEHAVIOR.name(), Topics.AUDIT.name())) {
            c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** 100 ms of two channels at 6 kHz, block b of a continuous recording. */
    private static byte[] ephys(int b, long t0) {
        float[] data = new float[2 * 600];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(0.01 * (b * 600 + i / 2)) * (i % 2 == 0 ? 1f : 0.5f);
        }
        return new EphysBlockCodec().encode(new EphysBlock(SESSION, 600L * b, 6000.0, t0 + 100_000_000L * b, 2, 600,
                SampleType.FLOAT32, 1f, data));
    }

    private static HttpResponse<String> post(String url, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
