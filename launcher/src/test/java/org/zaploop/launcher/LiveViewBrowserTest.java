package org.zaploop.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.launcher.components.Component;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.ComponentRegistry;
import org.zaploop.launcher.components.LiveViewComponent;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * The live view end to end in a real browser: the demo's components (virtual fish, imaging, behaviour, forecast,
 * controller) on an embedded broker, the live view on a free port, and headless Chromium driven through the DevTools
 * protocol. The page must load, draw the neuron map and redraw it as frames arrive, and show a neuron's trace when
 * one is clicked (or the mean trace of an ensemble dragged over), with the fan of its forecasts. Saves {@code target/live-view.png}.
 */
class LiveViewBrowserTest {

    private static final Path SCREENSHOT = Path.of("target/live-view.png");

    @Test
    void thePageDrawsEveryFrameAndShowsTheTraceOfAClickedNeuron(@TempDir Path dir) throws Exception {
        requireChromium();
        List<Component> running = new ArrayList<>();
        try (ProcessMeters meters = new ProcessMeters();
             EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), 0)) {
            withTopics(broker);
            ComponentContext ctx = new ComponentContext(broker.bootstrapServers(), "browser-test", "small",
                    dir.resolve("work"), meters.registry());
            try {
                // The view first, so it sees the loop from its first frame.
                LiveViewComponent view = new LiveViewComponent(ctx, "127.0.0.1", 0);
                view.start();
                running.add(view);
                ComponentRegistry registry = ComponentRegistry.standard();
                for (String name : registry.demoNames()) {
                    Component c = registry.create(name, ctx);
                    c.start();
                    running.add(c);
                }
                try (Chromium browser = Chromium.start(dir.resolve("chromium"))) {
                    browser.navigate(view.url());
                    Supplier<String> why = () -> "view " + view.status() + ", components " + statusOf(running)
                            + "\nchromium log:\n" + browser.logTail();

                    await("the page loads and receives the neuron map", Duration.ofSeconds(60), why,
                            () -> browser.eval("window.zaploop ? zaploop.neurons() : 0").asInt() > 0);
                    assertEquals(org.zaploop.sim.fish.FishGeometry.small().neurons(), browser.eval("zaploop.neurons()").asInt(),
                            "the map holds every neuron of the small fish");

                    await("a first frame is drawn", Duration.ofSeconds(150), why,
                            () -> browser.eval("zaploop.drawn()").asInt() > 0);
                    long firstFrame = browser.eval("zaploop.lastFrame()").asLong();
                    int firstPixels = browser.eval("zaploop.topChecksum()").asInt();
                    await("the map changes as frames arrive", Duration.ofSeconds(60), why,
                            () -> browser.eval("zaploop.lastFrame()").asLong() > firstFrame
                                    && browser.eval("zaploop.topChecksum()").asInt() != firstPixels);

                    JsonNode at = browser.eval("zaploop.pagePositionOf(Math.floor(zaploop.neurons() / 2))");
                    browser.click(at.path("x").asDouble(), at.path("y").asDouble());
                    String label = browser.eval("document.getElementById('selection').textContent").asText();
                    assertTrue(label.startsWith("neuron "), "clicking a neuron selects it, the page says: " + label);
                    long clickedAt = browser.eval("zaploop.lastFrame()").asLong();
                    await("the clicked neuron's trace is drawn and grows with new frames", Duration.ofSeconds(60), why,
                            () -> browser.eval("zaploop.tracePoints()").asInt() >= 2
                                    && browser.eval("zaploop.lastFrame()").asLong() > clickedAt);

                    await("the forecast fan of the clicked neuron is drawn", Duration.ofSeconds(60), why,
                            () -> browser.eval("zaploop.forecasters().length").asInt() > 0);

                    // An ensemble: drag over the middle of the top view; its mean trace replaces the neuron's.
                    JsonNode box = browser.eval("(() => { const r = document.getElementById('top').getBoundingClientRect();"
                            + " return {x: r.left, y: r.top, w: r.width, h: r.height}; })()");
                    double bx = box.path("x").asDouble(), by = box.path("y").asDouble();
                    double bw = box.path("w").asDouble(), bh = box.path("h").asDouble();
                    browser.drag(bx + 0.55 * bw, by + 0.35 * bh, bx + 0.75 * bw, by + 0.65 * bh);
                    String ensemble = browser.eval("document.getElementById('selection').textContent").asText();
                    assertTrue(ensemble.startsWith("ensemble of "), "dragging selects an ensemble, the page says: " + ensemble);
                    await("the ensemble's mean trace and forecast fan are drawn", Duration.ofSeconds(60), why,
                            () -> browser.eval("zaploop.tracePoints()").asInt() >= 2
                                    && browser.eval("zaploop.forecasters().length").asInt() > 0);

                    String stages = browser.eval("document.querySelector('#stages tbody').textContent").asText();
                    assertTrue(stages.contains("imaging") && stages.contains("controller"), "stage table: " + stages);

                    Files.createDirectories(SCREENSHOT.getParent());
                    byte[] png = browser.screenshot();
                    assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot");
                    Files.write(SCREENSHOT, png);
                }
            } finally {
                // Before the broker stops, or their producers wait out their timeouts.
                for (int i = running.size() - 1; i >= 0; i--) {
                    running.get(i).close();
                }
            }
        }
    }

    /**
     * The page at ZAPBench size: a 71,721-neuron table (2048 × 1328 × 72) and a frame of ΔF/F for every neuron about
     * once a second, published through a real broker in blocks of 512 neurons as the imaging processor does. Every
     * frame must reach the canvas; the mean time to draw one is printed (a figure, not a pass mark).
     */
    @Test
    void aZapbenchSizedBrainIsRedrawnOnEveryFrame(@TempDir Path dir) throws Exception {
        requireChromium();
        int neurons = 71_721;
        int perBlock = 512;
        String session = "zapbench-size";
        try (ProcessMeters meters = new ProcessMeters();
             EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), 0)) {
            Properties p = withTopics(broker);
            p.put("max.request.size", String.valueOf(16 << 20));
            ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer());
                 LiveViewComponent view = new LiveViewComponent(new ComponentContext(broker.bootstrapServers(), session,
                         "full", dir.resolve("work"), meters.registry()), "127.0.0.1", 0)) {
                view.start();
                java.util.Random rnd = new java.util.Random(42);
                List<java.util.concurrent.Future<?>> tableSent = new java.util.ArrayList<>();
                for (int block = 0, first = 0; first < neurons; block++, first += perBlock) {
                    int n = Math.min(perBlock, neurons - first);
                    float[] x = new float[n], y = new float[n], z = new float[n];
                    int[] ids = new int[n], start = new int[n + 1], voxels = new int[n];
                    for (int i = 0; i < n; i++) {
                        // inside an ellipsoid filling the volume, like a brain
                        double u, v, w;
                        do {
                            u = rnd.nextDouble() * 2 - 1;
                            v = rnd.nextDouble() * 2 - 1;
                            w = rnd.nextDouble() * 2 - 1;
                        } while (u * u + v * v + w * w > 1);
                        x[i] = (float) (1024 + 1000 * u);
                        y[i] = (float) (664 + 650 * v);
                        z[i] = (float) (36 + 35 * w);
                        ids[i] = first + i;
                        start[i + 1] = i + 1;
                        voxels[i] = (int) x[i] + 2048 * ((int) y[i] + 1328 * (int) z[i]);
                    }
                    tableSent.add(producer.send(record(Topics.SEGMENTATION, Keys.blockKey(session, block),
                            new NeuronTableBlock(session, 1, block, first, neurons, 2048, 1328, 72, 0, ids, x, y, z,
                                    start, voxels, null))));
                }
                for (java.util.concurrent.Future<?> sent : tableSent) {
                    sent.get(60, TimeUnit.SECONDS); // the whole table is on the broker before anything is awaited
                }
                long[] frame = {0};
                publisher.scheduleAtFixedRate(() -> {
                    long t = frame[0]++;
                    long acquired = org.zaploop.protocol.ZapLoopClock.nowNs();
                    for (int block = 0, first = 0; first < neurons; block++, first += perBlock) {
                        float[] dff = new float[Math.min(perBlock, neurons - first)];
                        for (int i = 0; i < dff.length; i++) {
                            // a travelling wave across the brain, so consecutive frames differ everywhere
                            dff[i] = (float) (0.6 + 0.6 * Math.sin(0.7 * t + (first + i) * 0.001));
                        }
                        producer.send(record(Topics.TRACES, Keys.blockKey(session, block),
                                new TraceBlock(session, t, block, first, acquired, false, dff, null)));
                    }
                    producer.flush();
                }, 0, 900, TimeUnit.MILLISECONDS);

                try (Chromium browser = Chromium.start(dir.resolve("chromium"))) {
                    browser.navigate(view.url());
                    Supplier<String> why = () -> "view " + view.status() + "\nchromium log:\n" + browser.logTail();
                    await("the view assembles the 71,721-neuron table from Kafka", Duration.ofSeconds(60), why,
                            () -> Integer.valueOf(neurons).equals(view.status().get("neurons")));
                    await("the 71,721-neuron map arrives in the page", Duration.ofSeconds(60), why,
                            () -> browser.eval("window.zaploop ? zaploop.neurons() : 0").asInt() == neurons);
                    await("a first frame is drawn", Duration.ofSeconds(60), why,
                            () -> browser.eval("zaploop.drawn()").asInt() > 0);
                    int drawn = browser.eval("zaploop.drawn()").asInt();
                    int skippedInPage = browser.eval("zaploop.skipped()").asInt();
                    long skippedByServer = (Long) view.status().get("framesSkipped");
                    long first = browser.eval("zaploop.lastFrame()").asLong();
                    await("ten more frames are drawn", Duration.ofSeconds(60), why,
                            () -> browser.eval("zaploop.lastFrame()").asLong() >= first + 10);
                    long frames = browser.eval("zaploop.lastFrame()").asLong() - first;
                    int drawnSince = browser.eval("zaploop.drawn()").asInt() - drawn;
                    long skipped = browser.eval("zaploop.skipped()").asInt() - skippedInPage
                            + (Long) view.status().get("framesSkipped") - skippedByServer;
                    // Latest frame wins when the page or the socket falls behind, and each skip is counted.
                    assertEquals(frames, drawnSince + skipped, "every frame is drawn or counted as skipped");
                    System.out.printf("Live view at 71,721 neurons: %d frames drawn, %d skipped, %.1f ms to draw one "
                            + "(mean of the last 20)%n", drawnSince, skipped, browser.eval("zaploop.drawMs()").asDouble());
                    Files.createDirectories(SCREENSHOT.getParent());
                    Files.write(SCREENSHOT.resolveSibling("live-view-zapbench-size.png"), browser.screenshot());
                }
            } finally {
                publisher.shutdownNow();
            }
        }
    }

    /** Creates the catalogue's topics; returns the client properties for the broker. */
    private static Properties withTopics(EmbeddedBroker broker) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
        }
        return p;
    }

    private static <V> ProducerRecord<String, byte[]> record(Topic<String, V> topic, String key, V value) {
        return new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private static String statusOf(List<Component> running) {
        StringBuilder s = new StringBuilder();
        running.forEach(c -> s.append("\n  ").append(c.name()).append(": ").append(c.status()));
        return s.toString();
    }

    private static void await(String what, Duration within, Supplier<String> why,
                              java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(250)).until(condition);
        } catch (ConditionTimeoutException e) {
            fail(what + ": not within " + within.toSeconds() + " s; " + why.get());
        }
    }

    /** Chromium is required: CI installs it; elsewhere the test is skipped with the reason. */
    private static void requireChromium() {
        RequiredTool.require(Chromium.BINARY, "the live view is tested in a real headless browser", "chromium");
    }
}
