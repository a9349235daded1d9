package org.zaploop.controller.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zaploop.controller.JsonText;
import org.zaploop.controller.loop.DecisionLoop;
import org.zaploop.controller.loop.DecisionSink;
import org.zaploop.controller.policy.OptomotorPolicy;
import org.zaploop.controller.policy.PolicyInput;
import org.zaploop.controller.policy.PolicyParams;
import org.zaploop.controller.policy.StimulusSearch;
import org.zaploop.controller.safety.SafetyEnvelope;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.StimulusCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop bench policy}: the controller's policies on simulated plants, pure Java (no Kafka): setpoint
 * tracking error of the PI policy vs open loop, stimulus-search trials of top-two Thompson sampling vs plain
 * Thompson vs random search (median over seeds), the decision loop's own cost per decision, and the optomotor
 * loop's swim-vigor response to its gain on the virtual fish (provided by the launcher, {@link OptomotorFish}), and
 * the setpoint policies side by side on the virtual fish (PI, model-predictive with the digital twin, bandit; provided
 * by the launcher, {@link SetpointFish}).
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Benchmark the stimulus controller's policies on simulated plants (no Kafka).",
                "Setpoint: RMS error of the PI policy vs the open-loop intensity of a mismatched model.",
                "Search: trials until the recommendation is the best of 12 candidates and stays so, median over seeds.",
                "Loop: time per decision through policy + safety envelope + audit record (no I/O).",
                "Optomotor: swimming, bout rate and vigor of the virtual fish under each closed-loop gain.",
                "Fish setpoint: RMS tracking error of PI, MPC (digital twin) and the bandit on the virtual fish."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:done", "2:usage error"})
public final class BenchPolicyCommand implements Callable<Integer> {

    @Option(names = "--seeds", defaultValue = "101", paramLabel = "N",
            description = "Seeds for the search comparison (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--budget", defaultValue = "300", paramLabel = "N",
            description = "Trials per search run (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--frames", defaultValue = "600", paramLabel = "N",
            description = "Frames of setpoint control per seed, 0.9141 s each (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--setpoint-seeds", defaultValue = "5", paramLabel = "N",
            description = "Seeds for the setpoint comparison (default: ${DEFAULT-VALUE}).")
    int setpointSeeds;

    @Option(names = "--decisions", defaultValue = "200000", paramLabel = "N",
            description = "Decisions timed for the loop cost (default: ${DEFAULT-VALUE}).")
    int decisions;

    @Option(names = "--gains", defaultValue = "0.5,1.0,1.5", paramLabel = "G,G...",
            description = "Optomotor gains cycled on the virtual fish (default: ${DEFAULT-VALUE}).")
    String gains;

    @Option(names = "--gain-block-s", defaultValue = "20", paramLabel = "S",
            description = "Seconds of each optomotor gain block (default: ${DEFAULT-VALUE}).")
    double gainBlockS;

    @Option(names = "--gain-cycles", defaultValue = "2", paramLabel = "N",
            description = "Cycles through the gains per seed (default: ${DEFAULT-VALUE}).")
    int gainCycles;

    @Option(names = "--gain-seeds", defaultValue = "3", paramLabel = "N",
            description = "Virtual fish (seeds) for the gain response; 0 skips it (default: ${DEFAULT-VALUE}).")
    int gainSeeds;

    @Option(names = "--fish-seeds", defaultValue = "1", paramLabel = "N",
            description = "Virtual fish (seeds) for the setpoint comparison of PI, MPC and bandit; 0 skips it "
                    + "(default: ${DEFAULT-VALUE}).")
    int fishSeeds;

    @Option(names = "--fish-frames", defaultValue = "60", paramLabel = "N",
            description = "Frames per policy on the virtual fish (default: ${DEFAULT-VALUE}).")
    int fishFrames;

    @Option(names = "--fish-settle", defaultValue = "10", paramLabel = "N",
            description = "First frames not scored on the virtual fish (default: ${DEFAULT-VALUE}).")
    int fishSettle;

    @Option(names = "--fish-target", defaultValue = "0.9", paramLabel = "DFF",
            description = "Hindbrain mean ΔF/F to hold on the virtual fish (default: ${DEFAULT-VALUE}).")
    double fishTarget;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        double[] gainList;
        try {
            gainList = java.util.Arrays.stream(gains.split(",")).mapToDouble(x -> Double.parseDouble(x.trim()))
                    .toArray();
        } catch (NumberFormatException e) {
            gainList = new double[0];
        }
        if (seeds < 1 || budget < 1 || frames < 60 || setpointSeeds < 1 || decisions < 1 || gainSeeds < 0
                || gainCycles < 1 || !(gainBlockS > 2 * GainResponse.SETTLE_S) || gainList.length < 2
                || fishSeeds < 0 || fishSettle < 0 || fishFrames <= fishSettle || !(fishTarget > 0)) {
            spec.commandLine().getErr().println("--seeds, --budget, --setpoint-seeds, --decisions, --gain-cycles >= 1; "
                    + "--gain-seeds >= 0; --frames >= 60; --gain-block-s > " + 2 * GainResponse.SETTLE_S
                    + "; --gains: two or more numbers separated by commas; --fish-seeds >= 0; "
                    + "--fish-frames > --fish-settle >= 0; --fish-target > 0");
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> result = new LinkedHashMap<>();

        double closed = 0;
        double open = 0;
        for (long s = 1; s <= setpointSeeds; s++) {
            PolicyBench.SetpointResult r = PolicyBench.setpoint(0.2, frames, 30, s);
            closed += r.closedRms() / setpointSeeds;
            open += r.openRms() / setpointSeeds;
        }
        Map<String, Object> sp = new LinkedHashMap<>();
        sp.put("target", 0.2);
        sp.put("frames", frames);
        sp.put("seeds", setpointSeeds);
        sp.put("piRms", round(closed, 5));
        sp.put("openLoopRms", round(open, 5));
        sp.put("ratio", round(closed / open, 3));
        result.put("setpoint", sp);

        Map<String, Object> search = new LinkedHashMap<>();
        search.put("candidates", BanditPlant.standard(1).candidates());
        search.put("seeds", seeds);
        search.put("budget", budget);
        for (StimulusSearch.Rule rule : PolicyBench.rules()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("medianTrials", PolicyBench.medianTrials(rule, seeds, budget));
            r.put("found", round(PolicyBench.foundFraction(rule, seeds, budget), 3));
            search.put(rule.name().toLowerCase().replace('_', '-'), r);
        }
        double tt = (Double) ((Map<?, ?>) search.get("top-two-thompson")).get("medianTrials");
        double rnd = (Double) ((Map<?, ?>) search.get("random")).get("medianTrials");
        search.put("randomOverTopTwo", round(rnd / tt, 2));
        result.put("search", search);

        result.put("loop", loopCost());
        result.put("optomotor", gainResponse(gainList));
        result.put("fishSetpoint", fishSetpoint());

        if (json) {
            out.println(JsonText.of(result));
        } else {
            out.printf("Setpoint (target ΔF/F 0.2, %d frames × %d seeds; plant gain 0.5, model assumes 0.8, drifting "
                    + "baseline)%n", frames, setpointSeeds);
            out.printf("  %-28s %10s%n", "controller", "RMS error");
            out.printf("  %-28s %10.5f%n", "PI (setpoint policy)", closed);
            out.printf("  %-28s %10.5f%n", "open loop (model intensity)", open);
            out.printf("  PI / open loop: %.3f%n%n", closed / open);
            out.printf("Stimulus search (%d candidates, %d seeds, budget %d trials)%n",
                    BanditPlant.standard(1).candidates(), seeds, budget);
            out.printf("  %-20s %14s %10s%n", "rule", "median trials", "found");
            for (StimulusSearch.Rule rule : PolicyBench.rules()) {
                String name = rule.name().toLowerCase().replace('_', '-');
                Map<?, ?> r = (Map<?, ?>) search.get(name);
                out.printf("  %-20s %14.1f %9.1f%%%n", name, (Double) r.get("medianTrials"),
                        100 * (Double) r.get("found"));
            }
            out.printf("  random / top-two Thompson: %.2f%n%n", rnd / tt);
            @SuppressWarnings("unchecked")
            Map<String, Object> loop = (Map<String, Object>) result.get("loop");
            out.printf("Decision loop (optomotor, controller-side flow: one command + one audit per input, no I/O)%n");
            out.printf("  %s decisions: %.2f µs per decision%n", loop.get("decisions"), loop.get("usPerDecision"));
            printGainResponse(out, (Map<?, ?>) result.get("optomotor"));
            printFishSetpoint(out, (Map<?, ?>) result.get("fishSetpoint"));
        }
        out.flush();
        return 0;
    }

    /** The optomotor gain response on the fish the launcher provides, or why there is none. */
    private Map<String, Object> gainResponse(double[] gainList) {
        Map<String, Object> m = new LinkedHashMap<>();
        java.util.Optional<OptomotorFish> fish = java.util.ServiceLoader.load(OptomotorFish.class).findFirst();
        if (gainSeeds == 0 || fish.isEmpty()) {
            m.put("skipped", gainSeeds == 0 ? "--gain-seeds 0" : "no virtual fish here (run it through zaploop)");
            return m;
        }
        long t0 = System.nanoTime();
        java.util.List<java.util.List<GainResponse.Row>> perSeed = new java.util.ArrayList<>();
        for (long seed = 1; seed <= gainSeeds; seed++) {
            perSeed.add(GainResponse.measure(fish.get(), gainList, gainBlockS, gainCycles, seed));
        }
        java.util.List<Map<String, Object>> rows = GainResponse.mean(perSeed);
        m.put("fish", fish.get().description());
        m.put("seeds", gainSeeds);
        m.put("blockS", gainBlockS);
        m.put("cycles", gainCycles);
        m.put("settleS", GainResponse.SETTLE_S);
        m.put("byGain", rows);
        double low = (Double) rows.get(0).get("swimFraction");
        double high = (Double) rows.get(rows.size() - 1).get("swimFraction");
        m.put("swimHighOverLowGain", low > 0 ? round(high / low, 3) : null);
        m.put("wallSeconds", round((System.nanoTime() - t0) / 1e9, 1));
        return m;
    }

    /** PI, MPC and the bandit holding a population at a target on the fish the launcher provides, or why not. */
    private Map<String, Object> fishSetpoint() {
        Map<String, Object> m = new LinkedHashMap<>();
        java.util.Optional<SetpointFish> fish = java.util.ServiceLoader.load(SetpointFish.class).findFirst();
        if (fishSeeds == 0 || fish.isEmpty()) {
            m.put("skipped", fishSeeds == 0 ? "--fish-seeds 0" : "no virtual fish here (run it through zaploop)");
            return m;
        }
        long t0 = System.nanoTime();
        m.put("fish", fish.get().description());
        m.put("seeds", fishSeeds);
        m.put("frames", fishFrames);
        m.put("settle", fishSettle);
        m.put("target", fishTarget);
        Map<String, Object> rms = new LinkedHashMap<>();
        for (SetpointFish.Controller c : SetpointFish.Controller.values()) {
            double sum = 0;
            for (long seed = 1; seed <= fishSeeds; seed++) {
                sum += fish.get().trackingRms(c, seed, fishFrames, fishSettle, fishTarget) / fishSeeds;
            }
            rms.put(c.name().toLowerCase(java.util.Locale.ROOT), round(sum, 5));
        }
        m.put("rms", rms);
        m.put("wallSeconds", round((System.nanoTime() - t0) / 1e9, 1));
        return m;
    }

    private static void printFishSetpoint(PrintWriter out, Map<?, ?> m) {
        out.println();
        if (m.containsKey("skipped")) {
            out.printf("Setpoint on the virtual fish: skipped (%s)%n", m.get("skipped"));
            return;
        }
        out.printf("Setpoint on the virtual fish (%s; target ΔF/F %s, %s frames × %s seeds, first %s not scored)%n",
                m.get("fish"), m.get("target"), m.get("frames"), m.get("seeds"), m.get("settle"));
        out.printf("  %-36s %10s%n", "policy", "RMS error");
        Map<?, ?> rms = (Map<?, ?>) m.get("rms");
        out.printf("  %-36s %10.5f%n", "PI (setpoint)", (Double) rms.get("setpoint"));
        out.printf("  %-36s %10.5f%n", "model-predictive (mpc, digital twin)", (Double) rms.get("mpc"));
        out.printf("  %-36s %10.5f%n", "bandit (adaptive-search)", (Double) rms.get("bandit"));
        out.printf("  (the bandit searches for the intensity that drives the population most, alternating rest and "
                + "stimulus; it does not hold a target)%n");
    }

    private static void printGainResponse(PrintWriter out, Map<?, ?> m) {
        out.println();
        if (m.containsKey("skipped")) {
            out.printf("Optomotor gain response: skipped (%s)%n", m.get("skipped"));
            return;
        }
        out.printf("Optomotor gain response (%s; %s seeds × %s cycles of %s s per gain, first %s s after each change "
                + "left out)%n", m.get("fish"), m.get("seeds"), m.get("cycles"), m.get("blockS"), m.get("settleS"));
        out.printf("  %-6s %10s %14s %12s %12s%n", "gain", "seconds", "swimming (%)", "bouts/min", "mean vigor");
        for (Object o : (java.util.List<?>) m.get("byGain")) {
            Map<?, ?> r = (Map<?, ?>) o;
            out.printf("  %-6s %10s %14.1f %12s %12s%n", r.get("gain"), r.get("seconds"),
                    100 * (Double) r.get("swimFraction"), r.get("boutsPerMinute"), r.get("meanVigor"));
        }
        out.printf("  swimming at the highest gain / at the lowest: %s (a fish that reads its visual feedback swims "
                + "less when its swimming counts more)%n", m.get("swimHighOverLowGain"));
    }

    private Map<String, Object> loopCost() {
        long t0 = 1_700_000_000_000_000_000L;
        long[] clock = {t0};
        long[] sent = {0};
        DecisionSink sink = new DecisionSink() {
            public void command(StimulusCommand c, long acq) {
                sent[0]++;
            }

            public void audit(AuditRecord a) {
            }
        };
        SafetyLimits limits = SafetyLimits.defaults().with(Map.of("maxCommandsPerSecond", "10000"));
        DecisionLoop loop = new DecisionLoop("bench", new OptomotorPolicy(new PolicyParams(Map.of("loop", "controller"))),
                new SafetyEnvelope(limits), sink, () -> clock[0], 0);
        int warm = Math.min(decisions, 20_000);
        run(loop, clock, warm, 0);
        long sentWarm = sent[0];
        long start = System.nanoTime();
        run(loop, clock, decisions, warm);
        long ns = System.nanoTime() - start;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decisions", decisions);
        m.put("commands", sent[0] - sentWarm);
        m.put("usPerDecision", round(ns / 1e3 / decisions, 3));
        return m;
    }

    private static void run(DecisionLoop loop, long[] clock, int n, int from) {
        for (int i = from; i < from + n; i++) {
            clock[0] += 10_000_000L;
            double vigor = (i % 100) / 100.0;
            if (i % 50 == 0) {
                loop.onRigEvent(org.zaploop.protocol.records.RigEvent.of("bench", clock[0],
                        org.zaploop.protocol.records.RigEventKind.HEARTBEAT));
            }
            Behavior b = new Behavior("bench", clock[0] - 5_000_000L, i * 60L, i * 60L + 59, vigor, vigor, vigor, 0,
                    true, false, 1);
            loop.onInput(new PolicyInput.BehaviorInput(b, new InputRef("zl.behavior", 0, i, b.acquisitionNs())));
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
