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
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * The live view end to end in a real browser: the demo's components (virtual fish, imaging, behaviour, forecast,
 * controller) on an embedded broker, the live view on a free port, and headless Chromium driven through the DevTools
 * protocol. The page must load, draw the neuron map and redraw it as frames arrive, and show a neuron's trace when
 * one is clicked, with the fan of its forecasts. Saves {@code target/live-view.png}.
 */
class LiveViewBrowserTest {

    private static final Path SCREENSHOT = Path.of("target/live-view.png");

    @Test
    void thePageDrawsEveryFrameAndShowsTheTraceOfAClickedNeuron(@TempDir Path dir) throws Exception {
        requireChromium();
        List<Component> running = new ArrayList<>();
        try (ProcessMeters meters = new ProcessMeters();
             EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), 0)) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
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
                    assertEquals(10_000, browser.eval("zaploop.neurons()").asInt(), "the small fish's neurons");

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
