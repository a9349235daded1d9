package org.zaploop.sim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop bench sim}: runs the CUBA or COBA benchmark network for several seeds and prints
 * per-seed and mean figures as a table, or exactly one JSON object with {@code --json}; with
 * {@code --vs-brian2} also runs Brian2 cpp_standalone on the same parameters side by side.
 * Exit codes: 0 ok, 1 failure (including Brian2 missing), 2 usage.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Benchmark the spiking engine on the Vogels-Abbott CUBA/COBA networks.")
public final class BenchSimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "cuba", description = "cuba or coba (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--neurons", defaultValue = "4000", description = "Network size N (default ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--synapses-per-neuron", defaultValue = "80",
            description = "K; connection probability is K/N (default ${DEFAULT-VALUE}).")
    double synapsesPerNeuron;

    @Option(names = "--dt", defaultValue = "0.1", description = "Time step in ms (default ${DEFAULT-VALUE}).")
    double dtMs;

    @Option(names = "--seconds", defaultValue = "10", description = "Simulated seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds 1..n (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--threads", defaultValue = "0",
            description = "Worker threads; 0 = 1 below 20,000 neurons, else all cores (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--vs-brian2", description = "Also run Brian2 cpp_standalone (/usr/bin/python3) and compare.")
    boolean vsBrian2;

    @Option(names = "--json", description = "Print exactly one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!model.equals("cuba") && !model.equals("coba")) {
            err.println("--model must be cuba or coba");
            return 2;
        }
        if (neurons < 2 || seeds < 1 || !(seconds > 0) || !(dtMs > 0) || threads < 0 || !(synapsesPerNeuron > 0)) {
            err.println("invalid option values (need neurons >= 2, seeds >= 1, seconds, dt, K > 0, threads >= 0)");
            return 2;
        }
        Brian2Runner brian = new Brian2Runner();
        if (vsBrian2 && !brian.available()) {
            err.println(Brian2Runner.INSTALL_HINT);
            return 1;
        }
        int t = threads > 0 ? threads
                : neurons < 20_000 ? 1 : Runtime.getRuntime().availableProcessors();
        List<BenchRun> ours = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            ours.add(SimBench.runOnce(model, neurons, synapsesPerNeuron, dtMs, seconds, s, t));
            if (!json) {
                err.printf(Locale.ROOT, "seed %d done (%.3f s loop)%n", s, ours.get(ours.size() - 1).loopSeconds());
                err.flush();
            }
        }
        List<BenchRun> theirs = new ArrayList<>();
        if (vsBrian2) {
            for (int s = 1; s <= seeds; s++) {
                theirs.add(brian.run(model, neurons, synapsesPerNeuron, dtMs, seconds, s));
            }
        }
        if (json) {
            out.println(toJson(ours, theirs));
        } else {
            printTable(out, ours, theirs);
        }
        out.flush();
        return 0;
    }

    private String toJson(List<BenchRun> ours, List<BenchRun> theirs) throws Exception {
        ObjectMapper m = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ObjectNode cfg = root.putObject("config");
        cfg.put("model", model).put("neurons", neurons).put("synapsesPerNeuron", synapsesPerNeuron)
                .put("dtMs", dtMs).put("seconds", seconds).put("seeds", seeds)
                .put("javaVersion", System.getProperty("java.version"))
                .put("cores", Runtime.getRuntime().availableProcessors());
        root.set("runs", m.valueToTree(ours));
        root.set("mean", m.valueToTree(means(ours)));
        if (!theirs.isEmpty()) {
            root.set("brian2Runs", m.valueToTree(theirs));
            root.set("brian2Mean", m.valueToTree(means(theirs)));
            Map<String, Double> ratio = new LinkedHashMap<>();
            ratio.put("realtimeFactorOursOverBrian2", mean(ours, BenchRun::realtimeFactor)
                    / mean(theirs, BenchRun::realtimeFactor));
            ratio.put("rateOursOverBrian2", mean(ours, BenchRun::rateHz) / mean(theirs, BenchRun::rateHz));
            ratio.put("cvDifference", mean(ours, BenchRun::meanIsiCv) - mean(theirs, BenchRun::meanIsiCv));
            root.set("ratio", m.valueToTree(ratio));
        }
        return m.writeValueAsString(root);
    }

    private static final String[][] ROWS = {
        {"wall s / sim s", "wallPerSimSecond"}, {"x RT", "realtimeFactor"}, {"syn events / s", "events"},
        {"build s (Brian2: compile s)", "buildSeconds"}, {"loop s", "loopSeconds"},
        {"rate Hz", "rateHz"}, {"rate exc Hz", "rateExcHz"}, {"rate inh Hz", "rateInhHz"},
        {"mean ISI CV (>=3 spikes)", "meanIsiCv"}, {"synapses", "synapses"},
        {"heap after build MB", "heap"}, {"engine arrays MB", "engine"}, {"bytes / synapse", "bps"},
        {"peak RSS MB", "rss"},
    };

    private void printTable(PrintWriter out, List<BenchRun> ours, List<BenchRun> theirs) {
        out.printf(Locale.ROOT, "%s N=%d K=%s dt=%s ms, %s s simulated, threads=%d, %d seed(s)%n", model, neurons,
                fmt(synapsesPerNeuron), fmt(dtMs), fmt(seconds), ours.get(0).threads(), ours.size());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-28s", "metric"));
        for (BenchRun r : ours) {
            head.append(String.format(Locale.ROOT, "%14s", "seed " + r.seed()));
        }
        head.append(String.format(Locale.ROOT, "%14s", "mean"));
        if (!theirs.isEmpty()) {
            head.append(String.format(Locale.ROOT, "%14s%14s", "brian2 mean", "ours/brian2"));
        }
        out.println(head);
        for (String[] row : ROWS) {
            ToDoubleFunction<BenchRun> f = field(row[1]);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s", row[0]));
            for (BenchRun r : ours) {
                line.append(String.format(Locale.ROOT, "%14s", fmt(f.applyAsDouble(r))));
            }
            double a = mean(ours, f);
            line.append(String.format(Locale.ROOT, "%14s", fmt(a)));
            if (!theirs.isEmpty()) {
                double b = mean(theirs, f);
                line.append(String.format(Locale.ROOT, "%14s%14s", fmt(b), b > 0 && a > 0 ? fmt(a / b) : "-"));
            }
            out.println(line);
        }
    }

    private static ToDoubleFunction<BenchRun> field(String name) {
        return switch (name) {
            case "wallPerSimSecond" -> BenchRun::wallPerSimSecond;
            case "realtimeFactor" -> BenchRun::realtimeFactor;
            case "events" -> BenchRun::synapticEventsPerSecond;
            case "buildSeconds" -> BenchRun::buildSeconds;
            case "loopSeconds" -> BenchRun::loopSeconds;
            case "rateHz" -> BenchRun::rateHz;
            case "rateExcHz" -> BenchRun::rateExcHz;
            case "rateInhHz" -> BenchRun::rateInhHz;
            case "meanIsiCv" -> BenchRun::meanIsiCv;
            case "synapses" -> r -> r.synapses();
            case "heap" -> r -> r.heapAfterBuildBytes() < 0 ? Double.NaN : r.heapAfterBuildBytes() / 1e6;
            case "engine" -> r -> r.engineBytes() < 0 ? Double.NaN : r.engineBytes() / 1e6;
            case "bps" -> BenchRun::bytesPerSynapse;
            case "rss" -> r -> r.peakRssBytes() < 0 ? Double.NaN : r.peakRssBytes() / 1e6;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static double mean(List<BenchRun> runs, ToDoubleFunction<BenchRun> f) {
        double s = 0;
        for (BenchRun r : runs) {
            s += f.applyAsDouble(r);
        }
        return s / runs.size();
    }

    private static Map<String, Double> means(List<BenchRun> runs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String[] row : ROWS) {
            m.put(row[1], mean(runs, field(row[1])));
        }
        return m;
    }

    private static String fmt(double x) {
        if (Double.isNaN(x)) {
            return "-";
        }
        double a = Math.abs(x);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.3g", x);
        }
        if (a >= 100 || x == Math.rint(x)) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.3f", x);
        }
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
