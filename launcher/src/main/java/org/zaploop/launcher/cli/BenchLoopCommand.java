package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.ControllerMeters;
import org.zaploop.launcher.components.BehaviorComponent;
import org.zaploop.launcher.components.Component;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.ControllerComponent;
import org.zaploop.launcher.components.FishComponent;
import org.zaploop.launcher.components.StreamsComponent;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.behavior.fastpath.BehaviorFastPath;
import org.zaploop.processors.behavior.fastpath.FastPathConfig;
import org.zaploop.processors.behavior.topology.BehaviorRunner;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.realtime.LoopScheduling;
import org.zaploop.protocol.realtime.LoopThreads;
import org.zaploop.sim.fish.FishGeometry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zaploop bench loop}: the closed loop's latency with the broker in it. The virtual fish's 6 kHz ephys in
 * small blocks → swim detection → optomotor policy (controller loop: a command per display frame) → safety →
 * command consumed by the fish. Every stage is timed from the acquisition of the newest sample the data derives
 * from, so the table shows where the time goes: block read by the behaviour stage, behaviour sent, behaviour read
 * by the controller, command sent, command at the fish (end to end).
 */
@Command(name = "loop", mixinStandardHelpOptions = true,
        description = {"Measure the closed loop's latency: fish ephys → swim detection → optomotor policy → safety → "
                + "command back at the fish, through a real (embedded) Kafka broker, with the time of every stage.",
                "Default configuration: behaviour as a plain consumer group (acks=1, linger.ms=0), controller "
                        + "producer acks=all, linger.ms=0; consumers poll continuously (see the README)."})
public final class BenchLoopCommand implements Callable<Integer> {

    /** The stages in loop order, with their table labels. */
    private static final List<String[]> STAGES = List.of(
            new String[] {"fish-send", "ephys block sent by the fish"},
            new String[] {BehaviorFastPath.STAGE_IN, "ephys block read by the behaviour stage"},
            new String[] {BehaviorFastPath.STAGE_OUT, "behaviour record sent"},
            new String[] {ControllerMeters.STAGE_IN, "behaviour read by the controller"},
            new String[] {ControllerMeters.STAGE_SENT, "command sent (policy + safety)"},
            new String[] {"loop", "command at the fish (end to end)"});

    @Option(names = "--seconds", defaultValue = "60", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    // On two cores the JIT is still compiling the Kafka client and broker paths after 10 s, and a measurement that
    // starts then reports the compiler (p50 3.4–11.5 ms against 2.4–2.6 ms after 40 s, same machine and code).
    @Option(names = "--warmup", defaultValue = "40", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--block-ms", defaultValue = "1", description = "Ephys block length in ms (default: ${DEFAULT-VALUE}).")
    double blockMs;

    @Option(names = "--neurons", defaultValue = "2000",
            description = "Neurons of the fish's brain: the loop, not the brain, is measured (default: ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--behavior", defaultValue = "fast",
            description = "The behaviour stage: fast (plain consumer group, at-least-once), streams (Kafka Streams, "
                    + "at_least_once) or streams-eos (Kafka Streams, exactly_once_v2; the controller reads committed "
                    + "records only) (default: ${DEFAULT-VALUE}).")
    String behavior;

    @Option(names = "--acks", defaultValue = "1",
            description = "acks of the fast behaviour stage's producer: 1 or all (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(names = "--commit-ms", defaultValue = "100",
            description = "commit.interval.ms of the Streams behaviour stage (default: ${DEFAULT-VALUE}).")
    int commitMs;

    @Option(names = "--first-hop",
            description = "Measure the loop's first hop on its own: the fish's ephys through the broker to the behaviour "
                    + "stage and its record sent (no controller, so no commands: the fish swims open loop). What the "
                    + "stage costs when the later hops do not share the cores; the whole loop is the default.")
    boolean firstHop;

    @Option(names = "--loop-scheduling", defaultValue = "fifo", converter = LoopSchedulingConverter.class,
            description = "How the loop's threads (and the embedded broker's network and request threads) are "
                    + "scheduled: fifo (Linux SCHED_FIFO priority 10 once the JIT has settled: a woken loop thread "
                    + "runs at once; needs root or CAP_SYS_NICE, else it says so and runs as nice), fifo:N "
                    + "(priority N, 1–99) or nice (normal time sharing at Java's highest priority) "
                    + "(default: ${DEFAULT-VALUE}; see the README for what each measured).")
    LoopScheduling scheduling;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (seconds < 1 || warmup < 0 || !(blockMs > 0) || commitMs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be ≥ 1, --warmup ≥ 0, --block-ms > 0 and --commit-ms ≥ 1");
        }
        if (!List.of("fast", "streams", "streams-eos").contains(behavior) || !List.of("1", "all").contains(acks)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--behavior must be fast, streams or streams-eos, and --acks 1 or all");
        }
        // Small planes and a small brain: the machine's cores go to the loop under test.
        FishGeometry geometry = new FishGeometry(128, 84, 6, 6.5, 48, FishGeometry.ZAPBENCH_VOLUME_PERIOD_S, neurons);
        Map<String, Recorder> stages = new LinkedHashMap<>();
        for (String[] s : STAGES) {
            stages.put(s[0], new Recorder(TimeUnit.SECONDS.toNanos(10), 3));
        }
        Recorder endToEnd = stages.get("loop");
        String session = "bench-loop";
        LoopThreads.use(scheduling);
        Path scratch = Files.createTempDirectory("zaploop-bench-loop");
        try (BenchBroker broker = BenchBroker.start(); ProcessMeters meters = new ProcessMeters()) {
            ComponentContext ctx = new ComponentContext(broker.bootstrap(), session, "small", scratch,
                    meters.registry());
            ControllerConfig controllerConfig = ControllerConfig.defaults(broker.bootstrap(), session)
                    .withPolicy("optomotor", Map.of("loop", "controller")).withHttp(0, null);
            try (FishComponent fish = new FishComponent(ctx, geometry, 1.0, blockMs / 1000, endToEnd::recordValue)
                    .observeRelease(ns -> record(stages, "fish-send", ns));
                 Component behaviour = behaviour(ctx, (s, ns) -> record(stages, s, ns));
                 ControllerComponent controller = firstHop ? null
                         : new ControllerComponent(ctx, controllerConfig, line -> { })
                                 .observeStages((s, ns) -> record(stages, s, ns))) {
                fish.start();
                behaviour.start();
                if (controller != null) {
                    controller.start();
                }
                // the embedded broker's network and request threads carry every hop of the loop
                int raised = LoopThreads.promote("data-plane-kafka-network-thread", "data-plane-kafka-request-handler");
                err.printf("Loop running (ephys blocks of %.1f ms, behaviour %s; loop threads and %d broker threads: "
                        + "%s); warming up for %d s, then measuring %d s…%n", blockMs, describe(), raised,
                        LoopThreads.describe(), warmup, seconds);
                err.flush();
                waitFor(Duration.ofSeconds(warmup));
                if (scheduling.kind() == LoopScheduling.Kind.FIFO && !LoopThreads.realtime()
                        && LoopThreads.awaitRealtime(Duration.ZERO) == false) {
                    err.println("The loop's threads are not real-time yet (" + LoopThreads.describe()
                            + "): waiting for the JIT to settle before measuring…");
                    err.flush();
                    LoopThreads.awaitRealtime(Duration.ofSeconds(90));
                }
                Map<String, Long> refusedBefore = refusals(controller);
                long boutsBefore = ((Number) fish.status().get("bouts")).longValue();
                stages.values().forEach(Recorder::reset);
                long t0 = System.nanoTime();
                waitFor(Duration.ofSeconds(seconds));
                Map<String, Histogram> h = new LinkedHashMap<>();
                stages.forEach((k, v) -> h.put(k, v.getIntervalHistogram()));
                double elapsed = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> fishNow = new LinkedHashMap<>(fish.status());
                fishNow.put("bouts", ((Number) fishNow.get("bouts")).longValue() - boutsBefore);
                Map<String, Object> r = result(h, elapsed, since(refusedBefore, refusals(controller)), fishNow);
                if (json) {
                    out.println(Json.write(r));
                } else {
                    print(out, r);
                }
                out.flush();
                return h.get(firstHop ? BehaviorFastPath.STAGE_OUT : "loop").getTotalCount() > 0 ? 0 : 1;
            }
        } finally {
            BenchReport.deleteTree(scratch);
        }
    }

    private Component behaviour(ComponentContext ctx, java.util.function.ObjLongConsumer<String> observer) {
        return switch (behavior) {
            case "fast" -> new BehaviorComponent(ctx, FastPathConfig.defaults().withAcks(acks), observer);
            case "streams" -> new StreamsComponent("behavior", ctx, () -> new BehaviorRunner(
                    RunnerConfig.fast("zaploop-behavior").withOverrides(Map.of("commit.interval.ms",
                            String.valueOf(commitMs))), SwimConfig.defaults()));
            default -> new StreamsComponent("behavior", ctx, () -> new BehaviorRunner(
                    RunnerConfig.exactlyOnce("zaploop-behavior").withOverrides(Map.of("commit.interval.ms",
                            String.valueOf(commitMs))), SwimConfig.defaults()));
        };
    }

    /** The controller's refusals so far, by rule. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> refusals(ControllerComponent controller) {
        Object r = controller == null ? null : controller.status().get("refusals");
        return r instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Long>) m) : Map.of();
    }

    /** Refusals made in the measured window only: the warm-up's are not the measurement's. */
    private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
        Map<String, Long> d = new LinkedHashMap<>();
        now.forEach((rule, n) -> {
            long inWindow = n - before.getOrDefault(rule, 0L);
            if (inWindow > 0) {
                d.put(rule, inWindow);
            }
        });
        return d;
    }

    private String describe() {
        return switch (behavior) {
            case "fast" -> "plain consumer, acks=" + acks;
            case "streams" -> "Kafka Streams at_least_once, commit " + commitMs + " ms";
            default -> "Kafka Streams exactly_once_v2, commit " + commitMs + " ms";
        };
    }

    private static void record(Map<String, Recorder> stages, String stage, long ns) {
        Recorder r = stages.get(stage);
        if (r != null && ns >= 0) {
            r.recordValue(Math.min(ns, TimeUnit.SECONDS.toNanos(10)));
        }
    }

    /** The benchmark's own duration: a timed wait, not synchronisation. */
    private static void waitFor(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private Map<String, Object> result(Map<String, Histogram> hs, double elapsed, Map<String, Long> refusals,
                                       Map<String, Object> fish) {
        Histogram h = hs.get("loop");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "loop");
        r.put("blockMs", blockMs);
        r.put("behavior", behavior);
        r.put("firstHopOnly", firstHop);
        r.put("acks", "fast".equals(behavior) ? acks : null);
        r.put("commitIntervalMs", "fast".equals(behavior) ? null : commitMs);
        r.put("loopScheduling", scheduling.toString());
        r.put("loopThreads", LoopThreads.describe());
        r.put("jvm", jvm());
        r.put("seconds", Math.round(elapsed * 10) / 10.0);
        r.put("commands", h.getTotalCount());
        r.put("commandsPerSecond", Math.round(h.getTotalCount() / elapsed * 10) / 10.0);
        r.put("p50Ms", ms(h.getValueAtPercentile(50)));
        r.put("p99Ms", ms(h.getValueAtPercentile(99)));
        r.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
        r.put("maxMs", ms(h.getMaxValue()));
        r.put("meanMs", ms((long) h.getMean()));
        r.put("jitterMs", ms((long) h.getStdDeviation()));
        Map<String, Object> stages = new LinkedHashMap<>();
        for (String[] s : STAGES) {
            Histogram sh = hs.get(s[0]);
            if (sh.getTotalCount() == 0) {
                continue;
            }
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("label", s[1]);
            st.put("count", sh.getTotalCount());
            st.put("p50Ms", ms(sh.getValueAtPercentile(50)));
            st.put("p99Ms", ms(sh.getValueAtPercentile(99)));
            st.put("p999Ms", ms(sh.getValueAtPercentile(99.9)));
            st.put("maxMs", ms(sh.getMaxValue()));
            stages.put(s[0], st);
        }
        r.put("stages", stages);
        r.put("controllerRefusals", refusals);
        r.put("fishRealTime", fish.get("rt"));
        r.put("fishBouts", fish.get("bouts"));
        r.put("gc", gc());
        return r;
    }

    private static String jvm() {
        return String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX") || a.startsWith("-Xm")).toList());
    }

    /** Collections and their total time so far (ms), by collector. */
    private static Map<String, Object> gc() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            m.put(b.getName(), b.getCollectionCount() + " in " + b.getCollectionTime() + " ms");
        }
        return m;
    }

    private static double ms(long ns) {
        return Math.round(ns / 1e4) / 100.0;
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> r) {
        if (Boolean.TRUE.equals(r.get("firstHopOnly"))) {
            out.printf("The loop's first hop through Kafka (no controller), ephys blocks of %s ms, behaviour %s, %s s "
                    + "measured%n", r.get("blockMs"), r.get("behavior"), r.get("seconds"));
        } else {
            out.printf("Closed loop through Kafka, ephys blocks of %s ms, behaviour %s, %s s measured, %s commands "
                    + "(%s/s)%n", r.get("blockMs"), r.get("behavior"), r.get("seconds"), r.get("commands"),
                    r.get("commandsPerSecond"));
        }
        out.printf("%-52s %8s %8s %8s %8s%n", "sample acquired → … (ms)", "p50", "p99", "p99.9", "max");
        for (Object o : ((Map<String, Object>) r.get("stages")).values()) {
            Map<String, Object> s = (Map<String, Object>) o;
            out.printf("%-52s %8s %8s %8s %8s%n", s.get("label"), s.get("p50Ms"), s.get("p99Ms"), s.get("p999Ms"),
                    s.get("maxMs"));
        }
        out.printf("jitter (SD) %s ms, mean %s ms; controller refusals %s; fish %s real time%n", r.get("jitterMs"),
                r.get("meanMs"), r.get("controllerRefusals"), r.get("fishRealTime"));
        out.printf("swim bouts of the fish in the measured window: %s (commands follow its swimming: a still fish "
                + "gets only the controller's refresh of its command, about 10 a second)%n", r.get("fishBouts"));
        out.printf("loop threads: %s%n", r.get("loopThreads"));
        out.printf("JVM %s; GC %s%n", r.get("jvm"), r.get("gc"));
    }
}
