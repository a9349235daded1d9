package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.launcher.components.Component;
import org.zaploop.launcher.components.ControllerComponent;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.ComponentRegistry;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.launcher.metrics.MetricsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zaploop run NAME}: one component as its own process, against a running cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one component as its own process against a Kafka cluster (a 'zaploop broker', "
                + "the docker compose stack, or your own)."})
public final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "COMPONENT", description = "The component to run; 'zaploop run --list' shows them.", arity = "0..1")
    String component;

    @Option(names = "--list", description = "List the components of this build and exit.")
    boolean list;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--session", paramLabel = "ID", defaultValue = "live",
            description = "Session id to produce or follow (default: ${DEFAULT-VALUE}).")
    String session;

    @Option(names = "--scale", defaultValue = "small", paramLabel = "small|full",
            description = "Geometry (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${sys:zaploop.home:-.}/.zaploop/run",
            description = "Where the component may keep local state (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop after this long. Default: run until Ctrl-C.")
    Duration duration;

    @Option(names = "--replay", description = "Stream processors run for recorded or replayed data: imaging emits a "
            + "frame only once it is complete or each missing plane's z has moved past it (no wall-clock timeout, no "
            + "bound on frames in flight), so every run over the same records gives the same output bit for bit, "
            + "through kills and restarts.")
    boolean replay;

    @Option(names = "--retire-after", paramLabel = "TIME", converter = DurationConverter.class,
            description = "imaging and forecast: how long a session may send nothing before its state (ΔF/F window, "
                    + "registration, forecast context) is freed; a session that comes back later starts a new "
                    + "window. Default: 30m. Raise it for pauses within a session, e.g. a drug wash-in.")
    Duration retireAfter;

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
            description = "A Kafka Streams property for the stream processor of this process, over its defaults "
                    + "(repeatable), e.g. session.timeout.ms=6000.")
    java.util.Map<String, String> streamsConfig = new java.util.LinkedHashMap<>();

    @picocli.CommandLine.Mixin
    MetricsOptions metrics;

    @picocli.CommandLine.Mixin
    LoopSchedulingOption loopScheduling;

    @picocli.CommandLine.Mixin
    ControllerOptions controllerOptions;

    @picocli.CommandLine.Mixin
    ImagingOptions imagingOptions;

    @Spec
    CommandSpec spec;

    private final ComponentRegistry registry;

    public RunCommand() {
        this(ComponentRegistry.standard());
    }

    RunCommand(ComponentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list || component == null) {
            out.println("Components: " + (registry.names().isEmpty() ? "(none yet)" : String.join(", ", registry.names())));
            out.flush();
            return list ? 0 : 2;
        }
        if (!registry.names().contains(component)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown component '" + component
                    + "'; this build has: " + (registry.names().isEmpty() ? "(none yet)" : String.join(", ", registry.names())));
        }
        if (controllerOptions.given() && !component.equals("controller")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--policy, --param, --limit, --validity-ms and --control-port are options of the controller, "
                            + "not of " + component);
        }
        if (imagingOptions.given()) {
            if (!component.equals("imaging")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--segmentation, --labels, --detect-volumes and --nucleus-radius-um are options of imaging, "
                                + "not of " + component);
            }
            try {
                imagingOptions.check();
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (retireAfter != null) {
            if (!component.equals("imaging") && !component.equals("forecast")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--retire-after is an option of imaging and forecast, not of " + component);
            }
            if (retireAfter.toMillis() < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--retire-after must be at least 1 ms, got " + retireAfter);
            }
            System.setProperty(org.zaploop.processors.streams.SessionRetirement.PROPERTY,
                    String.valueOf(retireAfter.toMillis()));
        }
        if (replay) {
            System.setProperty(org.zaploop.processors.imaging.topology.ImagingRunner.REPLAY_PROPERTY, "true");
        }
        streamsConfig.forEach((k, v) -> System.setProperty(
                org.zaploop.processors.streams.StreamsRunner.PROPERTY_PREFIX + k, v));
        loopScheduling.apply();
        ControllerConfig controllerConfig = null;
        if (component.equals("controller")) {
            try {
                controllerConfig = controllerOptions.apply(ControllerConfig.defaults(bootstrap, session));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Lifetime lifetime = new Lifetime();
        try (ProcessMeters meters = new ProcessMeters();
             MetricsServer metricsServer = metrics.start(meters.registry());
             Component c = create(new ComponentContext(bootstrap, session, scale, workDir.resolve(component),
                     meters.registry()), controllerConfig, out)) {
            c.start();
            if (metricsServer != null) {
                out.printf("Metrics for Prometheus at %s%n", metricsServer.url());
            }
            out.printf("%s running against %s, session %s. Ctrl-C stops it.%n", component, bootstrap, session);
            out.flush();
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (!lifetime.awaitStop(Duration.ofSeconds(5))) {
                out.printf("%s %s%n", component, c.status());
                out.flush();
                if (System.nanoTime() >= end) {
                    break;
                }
            }
        } finally {
            lifetime.closed();
        }
        return 0;
    }

    /** The component; the controller with the configuration of its options, its token line on standard output. */
    private Component create(ComponentContext ctx, ControllerConfig controllerConfig, PrintWriter out) {
        if (imagingOptions.given()) {
            return imagingOptions.component(ctx);
        }
        if (controllerConfig == null) {
            return registry.create(component, ctx);
        }
        return new ControllerComponent(ctx, controllerConfig, line -> {
            out.println(line);
            out.flush();
        }).publishControlFile(org.zaploop.controller.http.ControlFile.defaultDir());
    }
}
