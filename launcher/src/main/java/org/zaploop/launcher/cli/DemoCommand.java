package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zaploop.launcher.components.Component;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.ComponentRegistry;
import org.zaploop.launcher.components.LiveViewComponent;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.launcher.metrics.MetricsServer;
import org.zaploop.launcher.status.StatusLine;
import org.zaploop.launcher.status.TopicFlow;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zaploop demo}: the embedded Kafka broker, the catalogue's topics and every component of this build in
 * one process, with a one-line status every second and a summary at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole loop in this process: a real Kafka broker (KRaft, data under --data-dir), "
                + "the topics, and every component of this build.",
                "Prints a status line every second and a summary at the end. Stop with Ctrl-C or --duration."})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    LoopSchedulingOption loopScheduling;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop after this long (20s, 5m, 1h). Default: run until Ctrl-C.")
    Duration duration;

    @Option(names = "--json", description = "Print the summary as one JSON object on stdout (status lines go to stderr).")
    boolean json;

    @Option(names = "--scale", defaultValue = "small", paramLabel = "small|full",
            description = "Geometry: 'small' runs in real time on two cores, 'full' is ZAPBench size (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--session", paramLabel = "ID", description = "Session id (default: demo-<date>-<time>).")
    String session;

    @Option(names = "--with", paramLabel = "NAME", split = ",",
            description = "Also start these components (e.g. recorder, gateway).")
    List<String> with = new ArrayList<>();

    @Option(names = "--without", paramLabel = "NAME", split = ",",
            description = "Do not start these of the demo's components (fish, imaging, behavior, forecast, controller).")
    List<String> without = new ArrayList<>();

    @Option(names = "--view-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Serve the live browser view on http://127.0.0.1:PORT/ (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int viewPort;

    @Option(names = "--no-view", description = "Do not serve the live browser view.")
    boolean noView;

    @Spec
    CommandSpec spec;

    private final ComponentRegistry registry;

    public DemoCommand() {
        this(ComponentRegistry.standard());
    }

    DemoCommand(ComponentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter status = json ? spec.commandLine().getErr() : out;
        loopScheduling.apply();
        String sessionId = session != null ? session
                : "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Lifetime lifetime = new Lifetime();
        long started = System.nanoTime();
        List<Component> running = new ArrayList<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        try (ProcessMeters meters = new ProcessMeters();
             MetricsServer metricsServer = metrics.start(meters.registry());
             Cluster cluster = Cluster.open(kafka)) {
            if (metricsServer != null) {
                status.printf("Metrics for Prometheus at %s%n", metricsServer.url());
                summary.put("metrics", metricsServer.url());
            }
            status.printf("Kafka broker ready at %s%s%n", cluster.bootstrap(),
                    cluster.embedded() ? " (embedded, started in " + cluster.brokerStartMs() + " ms)" : "");
            List<TopicState> topics = cluster.provision(kafka.replicationFactor(), kafka.minInsyncReplicas());
            long created = topics.stream().filter(TopicState::created).count();
            status.printf("Topics: %d in the catalogue, %d created now, %d differ from the catalogue%n",
                    topics.size(), created, topics.stream().filter(t -> !t.matches()).count());
            topics.stream().flatMap(t -> t.drift().stream()).forEach(d -> status.println("  drift: " + d));

            // Count from before the components start, so the first records they produce are in the totals.
            TopicFlow flow = new TopicFlow(cluster.admin(), TopicCatalogue.ALL);
            Path work = kafka.dataDir().getParent().resolve("sessions").resolve(sessionId);
            ComponentContext ctx = new ComponentContext(cluster.bootstrap(), sessionId, scale, work, meters.registry());
            try {
                if (!noView) {
                    // First: a taken port fails the demo before anything runs, and the view sees the first frames.
                    LiveViewComponent view = new LiveViewComponent(ctx, "127.0.0.1", viewPort);
                    view.start();
                    running.add(view);
                    status.printf("Live view at %s%n", view.url());
                    summary.put("view", view.url());
                }
                for (String name : componentsToStart()) {
                    Component c = registry.create(name, ctx);
                    c.start();
                    running.add(c);
                    status.printf("Started %s%n", name);
                }
            } catch (RuntimeException e) {
                // Stop what started while the broker still runs, or their clients wait out their timeouts.
                closeAll(running, status);
                running.clear();
                throw e;
            }
            status.printf("Session %s running%s. Ctrl-C stops it.%n", sessionId,
                    duration == null ? "" : " for " + duration.toSeconds() + " s");
            List<String> names = running.stream().map(Component::name).toList();
            if (names.contains("controller")) {
                status.printf("Every decision of the controller, from another terminal:%n  ./zaploop audit --session %s "
                        + "--bootstrap %s%n", sessionId, cluster.bootstrap());
            } else if (names.contains("fish")) {
                status.printf("Show the fish a stimulus from another terminal:%n  ./zaploop stimulate GRATING --param "
                        + "velocity=10 --param gain=1 --session %s --bootstrap %s%n", sessionId, cluster.bootstrap());
            }
            status.flush();

            StatusLine line = new StatusLine();
            long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
            TopicFlow.Snapshot last = flow.sample();
            while (!lifetime.awaitStop(Duration.ofSeconds(1))) {
                last = flow.sample();
                status.println(line.render((System.nanoTime() - started) / 1e9, last, running));
                status.flush();
                if (System.nanoTime() >= deadline) {
                    lifetime.stop("duration elapsed");
                    break;
                }
            }
            summary.put("command", "demo");
            summary.put("session", sessionId);
            summary.put("scale", scale);
            summary.put("ended", lifetime.reason());
            summary.put("durationSeconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
            summary.put("cluster", cluster.describe());
            summary.put("topics", Map.of("catalogue", topics.size(), "created", created,
                    "drifting", topics.stream().filter(t -> !t.matches()).map(t -> t.spec().name()).toList()));
            summary.put("records", last.total());
            Map<String, Object> comps = new LinkedHashMap<>();
            for (Component c : running) {
                comps.put(c.name(), c.status());
            }
            summary.put("components", comps);
            closeAll(running, status);
            running.clear();
            if (json) {
                out.println(Json.write(summary));
            } else {
                printSummary(out, summary);
            }
            out.flush();
            return 0;
        } finally {
            // Only now may a pending Ctrl-C let the JVM exit: everything is closed and the summary is out.
            closeAll(running, status);
            lifetime.closed();
        }
    }

    /** The demo's components, minus --without, plus --with, in the registry's start order. */
    private List<String> componentsToStart() {
        for (String name : with) {
            if (!registry.names().contains(name)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--with: unknown component '"
                        + name + "'; this build has: " + String.join(", ", registry.names()));
            }
        }
        return registry.names().stream()
                .filter(n -> !n.equals("view")) // the demo serves the view itself (--view-port, --no-view)
                .filter(n -> (registry.demoNames().contains(n) && !without.contains(n)) || with.contains(n))
                .toList();
    }

    private static void closeAll(List<Component> running, PrintWriter status) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (RuntimeException e) {
                status.println("Could not stop " + running.get(i).name() + " cleanly: " + e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void printSummary(PrintWriter out, Map<String, Object> s) {
        out.printf("%nSession %s ended (%s) after %.1f s.%n", s.get("session"), s.get("ended"), s.get("durationSeconds"));
        out.println("Records produced per topic:");
        ((Map<String, Long>) s.get("records")).forEach((t, n) -> out.printf("  %-22s %,12d%n", t, n));
        ((Map<String, Object>) s.get("components")).forEach((c, st) -> out.printf("  %s: %s%n", c, st));
    }
}
