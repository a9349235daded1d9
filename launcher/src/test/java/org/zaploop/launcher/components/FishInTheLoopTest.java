package org.zaploop.launcher.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.launcher.ZapLoop;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.launcher.metrics.MetricsServer;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;
import org.zaploop.sim.fish.FishGeometry;
import picocli.CommandLine;

/** The virtual fish as a rig on a real broker: it streams planes and ephys, and obeys stimulus commands. */
class FishInTheLoopTest {

    private static final String SESSION = "fish-test";
    private static final FishGeometry GEOMETRY = new FishGeometry(96, 64, 6, 8.7, 48, 0.6, 1500);

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static FishComponent fish;
    static ProcessMeters meters;
    static MetricsServer metricsServer;
    static ControllerComponent controller;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(dir, 0);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
        }
        meters = new ProcessMeters();
        metricsServer = MetricsServer.start("127.0.0.1", 0, meters.registry());
        fish = new FishComponent(new ComponentContext(broker.bootstrapServers(), SESSION, "small", dir.resolve("fish"),
                meters.registry()), GEOMETRY, 1.0);
        fish.start();
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
        if (fish != null) {
            fish.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
            meters.close();
        }
    }

    @Test
    void servesItsMetricsForPrometheus() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsServer.url())).build();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            String body = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return sample(body, "zaploop_rig_records_total", "data=\"plane\"") > 0
                    && sample(body, "zaploop_stage_latency_seconds_count", "stage=\"rig-publish\"") > 0;
        });
        String body = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(body.contains("zaploop_stage_latency_seconds_bucket{"), "latency is a histogram (p50/p99 derivable)");
        assertTrue(body.contains("zaploop_sim_realtime_factor{"), body.substring(0, Math.min(400, body.length())));
        assertTrue(body.contains("jvm_gc_pause_seconds") || body.contains("jvm_memory_used_bytes"), "JVM meters are there");
    }

    /** The session's controller (optomotor, default limits), started once; its control endpoint's URL. */
    private static synchronized String controllerUrl() {
        if (controller == null) {
            controller = new ControllerComponent(new ComponentContext(broker.bootstrapServers(), SESSION, "small",
                    dir.resolve("controller"), meters.registry()),
                    org.zaploop.controller.ControllerConfig.defaults(broker.bootstrapServers(), SESSION)
                            .withHttp(0, "fish-test-token-0123456789"), line -> { });
            controller.start();
        }
        return ((String) controller.status().get("stopUrl")).replace("/control/stop", "");
    }

    @Test
    void aStimulusThatBreaksALimitIsRefusedByTheControllerAndAudited() {
        // its own session and controller, so that what the fish presents in the other tests does not change
        String session = "refusal-test";
        ControllerComponent own = new ControllerComponent(new ComponentContext(broker.bootstrapServers(), session,
                "small", dir.resolve("controller2"), meters.registry()),
                org.zaploop.controller.ControllerConfig.defaults(broker.bootstrapServers(), session)
                        .withLimits(org.zaploop.controller.safety.SafetyLimits.defaults()
                                .with(java.util.Map.of("rigTimeoutMs", "600000"))) // no rig: no acknowledgements
                        .withHttp(0, "refusal-test-token-0123456789"), line -> { });
        own.start();
        String url = ((String) own.status().get("stopUrl")).replace("/control/stop", "");
        CommandLine cl = ZapLoop.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] common = {"--session", session, "--timeout", "30s", "--bootstrap", broker.bootstrapServers(),
                "--url", url, "--token", "refusal-test-token-0123456789", "--no-wait"};
        int first = cl.execute(concat(new String[] {"stimulate", "FLASH", "--param", "intensity=0.5", "--param",
                "durationS=0.2"}, common));
        assertEquals(0, first, err.toString());
        // a photostimulation right after the flash: inside the 1 s refractory time
        int second = cl.execute(concat(new String[] {"stimulate", "PHOTOSTIM", "--param", "intensity=0.9",
                "--operator", "test: too soon"}, common));
        assertEquals(4, second, out + " / " + err);
        assertTrue(err.toString().contains("rule refractory"), err.toString());

        List<org.zaploop.protocol.records.AuditRecord> audits = new ArrayList<>();
        try (KafkaConsumer<String, org.zaploop.protocol.records.AuditRecord> c = consumer(Topics.AUDIT)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> audits.add(r.value()));
                return audits.stream().anyMatch(a -> a.session().equals(session)
                        && a.decision() == org.zaploop.protocol.records.Decision.REFUSED);
            });
        }
        org.zaploop.protocol.records.AuditRecord refusal = audits.stream()
                .filter(a -> a.session().equals(session) && a.decision() == org.zaploop.protocol.records.Decision.REFUSED)
                .findFirst().orElseThrow();
        own.close();
        assertEquals(session, refusal.session());
        assertEquals("manual", refusal.policy());
        assertEquals("refractory", refusal.rule());
        assertEquals("test: too soon", refusal.policyParams().get("operator"));
        assertEquals(0.9, refusal.command().params().get("intensity"), "the audit keeps what was asked");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The value of the first sample of {@code metric} whose labels contain {@code label}, or −1. */
    private static double sample(String body, String metric, String label) {
        for (String line : body.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    private static <V> KafkaConsumer<String, V> consumer(org.zaploop.protocol.Topic<String, V> topic) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic.name() + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        KafkaConsumer<String, V> k = new KafkaConsumer<>(c, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        k.subscribe(List.of(topic.name()));
        return k;
    }

    @Test
    void streamsPlanesOfItsGeometryAndContiguousEphys() {
        List<Plane> planes = new ArrayList<>();
        try (KafkaConsumer<String, Plane> c = consumer(Topics.PLANES)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> planes.add(r.value()));
                return planes.size() >= 2 * GEOMETRY.depth();
            });
        }
        for (Plane p : planes) {
            assertEquals(SESSION, p.session());
            assertEquals(GEOMETRY.width(), p.width());
            assertEquals(GEOMETRY.height(), p.height());
            assertEquals(GEOMETRY.depth(), p.planesPerVolume());
        }
        List<EphysBlock> blocks = new ArrayList<>();
        try (KafkaConsumer<String, EphysBlock> c = consumer(Topics.EPHYS)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> blocks.add(r.value()));
                return blocks.size() >= 20;
            });
        }
        blocks.sort(java.util.Comparator.comparingLong(EphysBlock::firstSample));
        for (int i = 1; i < blocks.size(); i++) {
            assertEquals(blocks.get(i - 1).firstSample() + blocks.get(i - 1).samples(), blocks.get(i).firstSample(),
                    "no gap, no duplicate in the sample index");
        }
    }

    @Test
    void aStimulusCommandChangesWhatItPresentsAndGarbageGoesToTheDeadLetterTopic() {
        // Garbage first: the rig must reject it with a reason and still obey the valid command after it.
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.STIMULUS_COMMANDS.name(), SESSION.getBytes(StandardCharsets.UTF_8),
                    "{\"session\":\"fish-test\",\"stimulus\":\"LASERZ\"}".getBytes(StandardCharsets.UTF_8)));
        }
        CommandLine cl = ZapLoop.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        // stimulate asks the session's controller, which passes it through its safety envelope
        String url = controllerUrl();
        int exit = cl.execute("stimulate", "GRATING", "--param", "velocity=12", "--param", "gain=1",
                "--session", SESSION, "--valid", "60s", "--timeout", "30s", "--bootstrap", broker.bootstrapServers(),
                "--url", url, "--token", "fish-test-token-0123456789");
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("The rig acknowledged"), out.toString());
        assertEquals("GRATING", fish.status().get("stim"));

        List<RigEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, RigEvent> c = consumer(Topics.RIG_EVENTS)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> events.add(r.value()));
                return events.stream().anyMatch(e -> e.kind() == RigEventKind.COMMAND_ACK);
            });
        }
        RigEvent ack = events.stream().filter(e -> e.kind() == RigEventKind.COMMAND_ACK).findFirst().orElseThrow();
        assertEquals("GRATING", ack.stimulus());
        assertEquals(12.0, ack.params().get("velocity"));

        List<DeadLetter> dead = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> c = consumer(Topics.DLQ)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, DeadLetter> r : c.poll(Duration.ofMillis(200))) {
                    dead.add(r.value());
                }
                return !dead.isEmpty();
            });
        }
        assertEquals(Topics.STIMULUS_COMMANDS.name(), dead.get(0).sourceTopic());
        assertTrue(dead.get(0).reason().contains("StimulusCommand"), dead.get(0).reason());
        assertTrue(new String(dead.get(0).valueBytes(), StandardCharsets.UTF_8).contains("LASERZ"), "the rejected bytes are kept");
    }
}
