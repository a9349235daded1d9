package org.zaploop.load;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.zaploop.ingest.bench.BenchIngestCommand;
import org.zaploop.load.measure.Boundedness;
import org.zaploop.load.report.ReportWriter;
import org.zaploop.load.scenario.EphysScenario;
import org.zaploop.load.scenario.MixedScenario;
import org.zaploop.load.scenario.TracesScenario;
import org.zaploop.load.scenario.VolumesScenario;

/**
 * {@code zaploop load SCENARIO}: sustained load through the real pipeline, with a report. Exit codes: 0 the run
 * completed and the lag stayed bounded (a ramp: at least its first rate held), 1 failure, 2 usage, 3 the run
 * completed but the lag was not bounded.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Sustained load through the real pipeline (traces, volumes, ephys, or all of them: mixed): "
                + "throughput, end-to-end latency percentiles, consumer lag over time and GC pauses, written as a "
                + "Markdown report with charts into load-tests/reports/SCENARIO-TIMESTAMP/.",
                "Lag is bounded when its floor (smallest sample) rises from the window's third to its fourth quarter "
                        + "by less than --max-growth of the input arriving in between, and the last quarter's floor is "
                        + "less than --max-lag-seconds of input."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:completed, lag bounded (a ramp: its first rate held)", "1:failure", "2:usage error",
                "3:completed, lag not bounded"})
public final class LoadCommand implements Callable<Integer> {

    public static final int LAG_NOT_BOUNDED = 3;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "traces, volumes, ephys or mixed.")
    String scenario;

    @Option(names = "--minutes", defaultValue = "0", description = "Measured minutes (added to --seconds; "
            + "with neither, 1 minute).")
    int minutes;

    @Option(names = "--seconds", defaultValue = "0", description = "Measured seconds (added to --minutes).")
    int seconds;

    @Option(names = "--warmup", description = "Seconds run before measuring: start-up of the Streams applications "
            + "(exactly-once), first rebalances, the registration reference (default: 30; mixed, which starts three "
            + "pipelines: 60).")
    Integer warmup;

    @Option(names = "--rate", defaultValue = "1",
            description = "Rate of traces and volumes, × ZAPBench real time (a frame every 0.9141 s; default: "
                    + "${DEFAULT-VALUE}). Ephys always runs at the fish's real time, 6 kHz.")
    double rate;

    @Option(names = "--ramp", description = "Raise the rate step by step (--rates, --step-seconds) until the lag is "
            + "no longer bounded; report the highest rate that held.")
    boolean ramp;

    @Option(names = "--rates", split = ",", defaultValue = "1,2,5,10,20,50,100",
            description = "The ramp's rates, × real time (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(names = "--step-seconds", defaultValue = "60",
            description = "Length of one ramp step (default: ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(names = "--scale", description = "Volume geometry: full (ZAPBench, 2048 × 1328 × 72; the default of "
            + "'volumes') or small (the demo's 512 × 332 × 24; the default of 'mixed').")
    String scale;

    @Option(names = "--neurons", defaultValue = "71721",
            description = "Neurons per trace frame (default: ${DEFAULT-VALUE}, ZAPBench's whole brain).")
    int neurons;

    @Option(names = "--context", defaultValue = "4",
            description = "Forecasting context C in frames (default: ${DEFAULT-VALUE}, the demo's).")
    int context;

    @Option(names = "--forecasters", split = ",", defaultValue = "linear",
            description = "Forecasters of the forecasting topology (default: ${DEFAULT-VALUE}).")
    List<String> forecasters;

    @Option(names = "--block-ms", defaultValue = "10",
            description = "Ephys block length, ms (default: ${DEFAULT-VALUE}, the demo's).")
    double blockMs;

    @Option(names = "--max-growth", defaultValue = "0.05",
            description = "Bounded lag: largest rise of the lag's floor as a fraction of the input (default: "
                    + "${DEFAULT-VALUE}).")
    double maxGrowth;

    @Option(names = "--max-lag-seconds", defaultValue = "10",
            description = "Bounded lag: largest final floor of the lag in seconds of input (default: ${DEFAULT-VALUE}).")
    double maxLagSeconds;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers of an existing cluster whose topics exist "
            + "(default: a throw-away embedded broker).")
    String bootstrap;

    @Option(names = "--reports", description = "Directory the report directory is written into (default: "
            + "load-tests/reports in the ZapLoop checkout).")
    Path reports;

    @Option(names = "--json", description = "Print the figures as one JSON object instead of a summary.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Supplier<? extends BenchIngestCommand.Broker> brokers;

    /** @param brokers starts a throw-away broker with the catalogue's topics when no --bootstrap is given */
    public LoadCommand(Supplier<? extends BenchIngestCommand.Broker> brokers) {
        this.brokers = brokers;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int length = minutes * 60 + seconds == 0 ? 60 : minutes * 60 + seconds;
        if (warmup == null) {
            warmup = "mixed".equals(scenario) ? 60 : 30;
        }
        validate(length);
        LoadScenario s = scenario();
        Map<String, Object> how = new LinkedHashMap<>();
        how.put("command", "zaploop " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        how.put("broker", bootstrap == null ? "embedded (in this JVM)" : bootstrap);
        how.put(ramp ? "ramp" : "measured", ramp ? rates + " × real time, " + stepSeconds + " s per step"
                : length + " s after a " + warmup + " s warm-up");
        Boundedness rule = new Boundedness(maxGrowth, maxLagSeconds);
        LoadRun.Outcome o;
        if (bootstrap != null) {
            o = run(new LoadRun(s, bootstrap, rule, err, how), length);
        } else {
            try (BenchIngestCommand.Broker broker = brokers.get()) {
                o = run(new LoadRun(s, broker.bootstrap(), rule, err, how), length);
            }
        }
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = reportsDir().resolve(scenario + (ramp ? "-ramp" : "") + "-" + stamp);
        Path md = ReportWriter.write(dir, o.result(), o.timelines());
        if (json) {
            out.println(ReportWriter.json(o.result()));
        } else {
            Summary.print(out, o.result());
        }
        err.println("Report: " + md);
        out.flush();
        err.flush();
        return o.result().bounded() ? 0 : LAG_NOT_BOUNDED;
    }

    private LoadRun.Outcome run(LoadRun r, int length) throws Exception {
        return ramp ? r.ramp(Duration.ofSeconds(warmup), rates, Duration.ofSeconds(stepSeconds))
                : r.steady(Duration.ofSeconds(warmup), Duration.ofSeconds(length));
    }

    private void validate(int length) {
        List<String> problems = new ArrayList<>();
        if (!List.of("traces", "volumes", "ephys", "mixed").contains(scenario)) {
            problems.add("SCENARIO must be traces, volumes, ephys or mixed, got '" + scenario + "'");
        }
        if (minutes < 0 || seconds < 0 || warmup < 0) {
            problems.add("--minutes, --seconds and --warmup must be ≥ 0");
        }
        if (length < 5 && !ramp) {
            problems.add("measure at least 5 s (lag needs a few samples)");
        }
        if (!(rate > 0) || rates.stream().anyMatch(r -> !(r > 0))) {
            problems.add("--rate and --rates must be > 0");
        }
        if (ramp && stepSeconds < 5) {
            problems.add("--step-seconds must be ≥ 5");
        }
        if (scale != null && !List.of("small", "full").contains(scale)) {
            problems.add("--scale must be small or full");
        }
        if (neurons < 1 || context < 1 || !(blockMs > 0)) {
            problems.add("--neurons, --context and --block-ms must be > 0");
        }
        if (!(maxGrowth > 0) || !(maxLagSeconds > 0)) {
            problems.add("--max-growth and --max-lag-seconds must be > 0");
        }
        if (ramp && scenario.equals("ephys")) {
            problems.add("the ephys scenario keeps the fish's real time (6 kHz): ramp traces, volumes or mixed");
        }
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
        }
    }

    private LoadScenario scenario() {
        return switch (scenario) {
            case "traces" -> traces();
            case "volumes" -> VolumesScenario.ofScale(scale == null ? "full" : scale, rate);
            case "ephys" -> ephys();
            default -> new MixedScenario(List.of(traces(),
                    VolumesScenario.ofScale(scale == null ? "small" : scale, rate), ephys()));
        };
    }

    private TracesScenario traces() {
        return new TracesScenario(neurons, context, forecasters, rate);
    }

    private EphysScenario ephys() {
        return new EphysScenario(blockMs / 1000, 2000);
    }

    private Path reportsDir() {
        if (reports != null) {
            return reports;
        }
        return Path.of(System.getProperty("zaploop.home", ".")).resolve("load-tests").resolve("reports");
    }
}
