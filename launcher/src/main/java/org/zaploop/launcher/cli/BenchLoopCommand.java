package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.ControllerComponent;
import org.zaploop.launcher.components.FishComponent;
import org.zaploop.launcher.components.StreamsComponent;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.processors.behavior.topology.BehaviorRunner;
import org.zaploop.sim.fish.FishGeometry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zaploop bench loop}: the closed loop's latency with the broker in it. The virtual fish's 6 kHz ephys in
 * small blocks → swim detection (Kafka Streams) → optomotor policy (a command per behaviour record) → safety →
 * command consumed by the fish. End to end is measured at the fish, from the acquisition of the newest sample
 * a decision used to the command's arrival; the controller's share (sample acquisition → command sent) comes
 * from its own histogram, and the rest is the last Kafka hop.
 */
@Command(name = "loop", mixinStandardHelpOptions = true,
        description = {"Measure the closed loop's latency: fish ephys → swim detection → optomotor policy → safety → "
                + "command back at the fish, through a real (embedded) Kafka broker.",
                "Configuration: producers acks=all with linger.ms=0; behaviour processor at_least_once; consumers poll "
                        + "continuously; throughput JVM settings for benchmarks (see the README)."})
public final class BenchLoopCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "60", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "10", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--block-ms", defaultValue = "1", description = "Ephys block length in ms (default: ${DEFAULT-VALUE}).")
    double blockMs;

    @Option(names = "--neurons", defaultValue = "2000",
            description = "Neurons of the fish's brain: the loop, not the brain, is measured (default: ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (seconds < 1 || warmup < 0 || !(blockMs > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be ≥ 1, --warmup ≥ 0 and --block-ms > 0");
        }
        // Small planes and a small brain: the machine's cores go to the loop under test.
        FishGeometry geometry = new FishGeometry(128, 84, 6, 6.5, 48, FishGeometry.ZAPBENCH_VOLUME_PERIOD_S, neurons);
        Recorder latency = new Recorder(TimeUnit.SECONDS.toNanos(10), 3);
        String session = "bench-loop";
        try (BenchBroker broker = BenchBroker.start(); ProcessMeters meters = new ProcessMeters()) {
            ComponentContext ctx = new ComponentContext(broker.bootstrap(), session, "small",
                    Files.createTempDirectory("zaploop-bench-loop"), meters.registry());
            ControllerConfig controllerConfig = ControllerConfig.defaults(broker.bootstrap(), session)
                    .withPolicy("optomotor", Map.of("loop", "controller")).withHttp(0, null);
            try (FishComponent fish = new FishComponent(ctx, geometry, 1.0, blockMs / 1000, latency::recordValue);
                 StreamsComponent behavior = new StreamsComponent("behavior", ctx, BehaviorRunner::new);
                 ControllerComponent controller = new ControllerComponent(ctx, controllerConfig, line -> { })) {
                fish.start();
                behavior.start();
                controller.start();
                err.printf("Loop running (ephys blocks of %.1f ms); warming up for %d s, then measuring %d s…%n",
                        blockMs, warmup, seconds);
                err.flush();
                waitFor(Duration.ofSeconds(warmup));
                latency.reset();
                long t0 = System.nanoTime();
                waitFor(Duration.ofSeconds(seconds));
                Histogram h = latency.getIntervalHistogram();
                double elapsed = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> r = result(h, elapsed, controller.status(), fish.status());
                if (json) {
                    out.println(Json.write(r));
                } else {
                    print(out, r);
                }
                out.flush();
                return h.getTotalCount() > 0 ? 0 : 1;
            }
        }
    }

    /** The benchmark's own duration: a timed wait, not synchronisation. */
    private static void waitFor(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private Map<String, Object> result(Histogram h, double elapsed, Map<String, Object> controller, Map<String, Object> fish) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "loop");
        r.put("blockMs", blockMs);
        r.put("seconds", Math.round(elapsed * 10) / 10.0);
        r.put("commands", h.getTotalCount());
        r.put("commandsPerSecond", Math.round(h.getTotalCount() / elapsed * 10) / 10.0);
        r.put("p50Ms", ms(h.getValueAtPercentile(50)));
        r.put("p99Ms", ms(h.getValueAtPercentile(99)));
        r.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
        r.put("maxMs", ms(h.getMaxValue()));
        r.put("meanMs", ms((long) h.getMean()));
        r.put("jitterMs", ms((long) h.getStdDeviation()));
        r.put("controllerStageP50Ms", controller.get("latencyP50Ms"));
        r.put("controllerStageP99Ms", controller.get("latencyP99Ms"));
        r.put("controllerRefusals", controller.get("refusals"));
        r.put("fishRealTime", fish.get("rt"));
        return r;
    }

    private static double ms(long ns) {
        return Math.round(ns / 1e4) / 100.0;
    }

    private static void print(PrintWriter out, Map<String, Object> r) {
        out.printf("Closed loop through Kafka, ephys blocks of %s ms, %s s measured, %s commands (%s/s)%n",
                r.get("blockMs"), r.get("seconds"), r.get("commands"), r.get("commandsPerSecond"));
        out.printf("%-52s %8s %8s %8s %8s%n", "latency (ms)", "p50", "p99", "p99.9", "max");
        out.printf("%-52s %8s %8s %8s %8s%n", "sample acquired → command at the fish (end to end)", r.get("p50Ms"),
                r.get("p99Ms"), r.get("p999Ms"), r.get("maxMs"));
        out.printf("%-52s %8s %8s%n", "sample acquired → command sent (behaviour + controller)",
                r.get("controllerStageP50Ms"), r.get("controllerStageP99Ms"));
        out.printf("jitter (SD) %s ms, mean %s ms; controller refusals %s; fish %s real time%n", r.get("jitterMs"),
                r.get("meanMs"), r.get("controllerRefusals"), r.get("fishRealTime"));
    }
}
