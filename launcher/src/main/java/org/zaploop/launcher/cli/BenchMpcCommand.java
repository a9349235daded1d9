package org.zaploop.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.zaploop.controller.policy.MpcPolicy;
import org.zaploop.controller.policy.Policy;
import org.zaploop.controller.policy.PolicyInput;
import org.zaploop.controller.policy.PolicyParams;
import org.zaploop.controller.policy.Proposal;
import org.zaploop.controller.policy.SetpointPolicy;
import org.zaploop.protocol.CandidateForecaster;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.sim.fish.FishCommand;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.FrameTruth;
import org.zaploop.sim.fish.RigOutput;
import org.zaploop.sim.fish.StandardFish;
import org.zaploop.sim.fish.VirtualFish;
import org.zaploop.sim.twin.DigitalTwin;
import org.zaploop.sim.twin.RegionMap;
import org.zaploop.sim.twin.TwinParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop bench mpc}: model-predictive control against the PI setpoint policy on the virtual fish, in one
 * process without Kafka or imaging: each frame the fish's true ΔF/F is the measurement; the {@code setpoint} policy
 * gets it as a trace block, the {@code mpc} policy gets the twin's predictions of each candidate PHOTOSTIM intensity
 * (0, 0.1, … 0.6, 0.8, 1; the twin nudged by the same measurement). Both hold the hindbrain's mean ΔF/F at a
 * target; the figure is the RMS tracking error after the first frames. No safety envelope (both policies alike).
 * A table, or one JSON object.
 */
@Command(name = "mpc", mixinStandardHelpOptions = true,
        description = "Model-predictive control (the digital twin) vs the PI setpoint policy on the virtual fish.")
public final class BenchMpcCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--neurons", defaultValue = "2000",
            description = "Neurons of fish and twin (default ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--frames", defaultValue = "60", description = "Frames per policy (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--settle", defaultValue = "10", description = "Frames not scored (default ${DEFAULT-VALUE}).")
    int settle;

    @Option(names = "--target", defaultValue = "0.95",
            description = "Hindbrain mean dF/F to hold (default ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--seed", defaultValue = "1", description = "Fish seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print exactly one JSON object.")
    boolean json;

    private static final double[] INTENSITIES = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0};
    private static final int STEPS = 4;

    @Override
    public Integer call() throws Exception {
        if (neurons < 900 || frames <= settle || settle < 0 || !(target > 0)) {
            spec.commandLine().getErr().println("need --neurons >= 900, --frames > --settle >= 0, --target > 0");
            return 2;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("neurons", neurons);
        r.put("frames", frames);
        r.put("target", target);
        r.put("setpointRms", round(run(false)));
        r.put("mpcRms", round(run(true)));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(r));
        } else {
            r.forEach((k, v) -> out.printf(Locale.ROOT, "  %-14s %s%n", k, v));
        }
        out.flush();
        return 0;
    }

    /** One closed-loop run; returns the RMS of (hindbrain mean − target) over the scored frames. */
    private double run(boolean mpc) {
        FishGeometry g = FishGeometry.small().withNeurons(neurons);
        float[] truth = new float[neurons];
        boolean[] fresh = {false};
        RigOutput capture = new RigOutput() {
            public void plane(long frame, int z, long acquisitionNs, short[] pixels) {
            }

            public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
            }

            public void presented(String stimulus, Map<String, Double> params, int condition, long acquisitionNs,
                                  long commandSeq, String note) {
            }

            @Override
            public void groundTruth(FrameTruth t) {
                System.arraycopy(t.trueDff(), 0, truth, 0, neurons);
                fresh[0] = true;
            }
        };
        try (StandardFish sf = StandardFish.build(VirtualFish.Config.defaults(g, seed), capture, 0, 1)) {
            VirtualFish fish = sf.fish();
            RegionMap map = RegionMap.fromPositionsUm(fish.brain().positionsUm());
            int hind = map.regionNames().indexOf("hindbrain");
            StringJoiner ids = new StringJoiner(",");
            int count = 0;
            for (int m = 0; m < neurons; m++) {
                if (map.regionOf(m) == hind) {
                    ids.add(String.valueOf(m));
                    count++;
                }
            }
            Map<String, String> p = new LinkedHashMap<>(Map.of("neurons", ids.toString(), "target",
                    String.valueOf(target)));
            if (mpc) {
                p.put("candidates", String.valueOf(INTENSITIES.length));
                p.put("steps", String.valueOf(STEPS));
            }
            Policy policy = mpc ? new MpcPolicy(new PolicyParams(p)) : new SetpointPolicy(new PolicyParams(p));
            DigitalTwin twin = mpc ? new DigitalTwin(TwinParams.defaults(g.volumePeriodS()).againstTruth(), map)
                    : null;
            float[] ahead = new float[STEPS * neurons];
            double sq = 0;
            long seq = 1;
            long offset = 0;
            for (int f = 0; f < frames; f++) {
                fresh[0] = false;
                while (!fresh[0]) {
                    fish.tick();
                }
                long nowNs = Math.round(fish.timeS() * 1e9);
                double mean = 0;
                for (int m = 0; m < neurons; m++) {
                    if (map.regionOf(m) == hind) {
                        mean += truth[m] / count;
                    }
                }
                if (f >= settle) {
                    sq += (mean - target) * (mean - target);
                }
                Proposal pr = null;
                if (mpc) {
                    twin.observe(f, truth);
                    for (double x : INTENSITIES) {
                        CandidateForecaster c = new CandidateForecaster(Stimulus.PHOTOSTIM, "intensity", x);
                        twin.simulateAhead(STEPS, "PHOTOSTIM", c.params(), ahead, null);
                        ForecastBlock fb = new ForecastBlock("bench", c.forecaster(), f, 0, 0, neurons, 1, STEPS,
                                nowNs, ahead.clone());
                        Proposal got = policy.decide(new PolicyInput.ForecastInput(fb,
                                new InputRef("zl.forecasts", 0, offset++, nowNs)));
                        pr = got != null ? got : pr;
                    }
                } else {
                    TraceBlock tb = new TraceBlock("bench", f, 0, 0, nowNs, false, truth.clone(), null);
                    pr = policy.decide(new PolicyInput.TraceInput(tb, new InputRef("zl.traces", 0, offset++, nowNs)));
                }
                if (pr != null) {
                    fish.command(new FishCommand(seq++, pr.stimulus().name(), pr.params(), -1, nowNs,
                            nowNs + 3_000_000_000L));
                    if (twin != null) {
                        twin.present(pr.stimulus().name(), pr.params());
                    }
                    policy.outcome(pr, pr.params(), nowNs);
                }
            }
            if (twin != null) {
                twin.close();
            }
            return Math.sqrt(sq / (frames - settle));
        }
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
