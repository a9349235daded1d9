package org.zaploop.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.zaploop.controller.bench.SetpointFish;
import org.zaploop.controller.policy.AdaptiveSearchPolicy;
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

/**
 * The virtual fish under a policy that holds its hindbrain's mean ΔF/F at a target by PHOTOSTIM intensity, in one
 * process without Kafka or imaging: each frame the fish's true ΔF/F is the measurement. The {@code setpoint} (PI)
 * and {@code adaptive-search} (bandit over the same intensities) policies get it as a trace block; the {@code mpc}
 * policy gets it too (its offset correction) and the predictions of a digital twin nudged by the same measurement
 * for each candidate intensity ({@link #INTENSITIES}), simulated from the measured frame on. No safety envelope
 * (all policies alike). For {@code bench mpc} and, through {@link java.util.ServiceLoader}, {@code bench policy}.
 */
public final class VirtualSetpointFish implements SetpointFish {

    /** The PHOTOSTIM intensities the twin simulates for MPC (and the bandit's arms). */
    static final double[] INTENSITIES = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0};

    /** The MPC policy's params (see {@link MpcPolicy}). */
    record MpcSettings(int steps, double offsetGain, boolean interpolate, double moveCost) {
        static MpcSettings defaults() {
            return new MpcSettings(4, 0.5, true, 0);
        }
    }

    private final int neurons;
    private final MpcSettings mpc;

    /** The fish {@code bench policy} uses: 2,000 neurons, MPC with its defaults. */
    public VirtualSetpointFish() {
        this(2000, MpcSettings.defaults());
    }

    VirtualSetpointFish(int neurons, MpcSettings mpc) {
        this.neurons = neurons;
        this.mpc = mpc;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "virtual fish, %d neurons, hindbrain mean held by PHOTOSTIM intensity; "
                + "MPC: twin of %d neurons, %d intensities simulated %d frames ahead", neurons, neurons,
                INTENSITIES.length, mpc.steps());
    }

    @Override
    public double trackingRms(Controller controller, long seed, int frames, int settle, double target) {
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
            Policy policy = policy(controller, ids.toString(), target, g.volumePeriodS());
            DigitalTwin twin = controller == Controller.MPC
                    ? new DigitalTwin(TwinParams.defaults(g.volumePeriodS()).againstTruth(), map) : null;
            float[] ahead = new float[mpc.steps() * neurons];
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
                TraceBlock tb = new TraceBlock("bench", f, 0, 0, nowNs, false, truth.clone(), null);
                Proposal pr = policy.decide(new PolicyInput.TraceInput(tb,
                        new InputRef("zl.traces", 0, offset++, nowNs)));
                if (twin != null) {
                    twin.observe(f, truth);
                    for (double x : INTENSITIES) {
                        CandidateForecaster c = new CandidateForecaster(Stimulus.PHOTOSTIM, "intensity", x);
                        twin.simulateAhead(mpc.steps(), "PHOTOSTIM", c.params(), ahead, null);
                        ForecastBlock fb = new ForecastBlock("bench", c.forecaster(), f, 0, 0, neurons, 1,
                                mpc.steps(), nowNs, ahead.clone());
                        Proposal got = policy.decide(new PolicyInput.ForecastInput(fb,
                                new InputRef("zl.forecasts", 0, offset++, nowNs)));
                        pr = got != null ? got : pr;
                    }
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

    private Policy policy(Controller controller, String ids, double target, double frameS) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("neurons", ids));
        switch (controller) {
            case SETPOINT -> {
                p.put("target", String.valueOf(target));
                p.put("frameS", String.valueOf(frameS));
                return new SetpointPolicy(new PolicyParams(p));
            }
            case MPC -> {
                p.put("target", String.valueOf(target));
                p.put("frameS", String.valueOf(frameS));
                p.put("candidates", String.valueOf(INTENSITIES.length));
                p.put("steps", String.valueOf(mpc.steps()));
                p.put("offsetGain", String.valueOf(mpc.offsetGain()));
                p.put("interpolate", String.valueOf(mpc.interpolate()));
                p.put("moveCost", String.valueOf(mpc.moveCost()));
                return new MpcPolicy(new PolicyParams(p));
            }
            default -> {
                StringJoiner arms = new StringJoiner(";");
                for (double x : INTENSITIES) {
                    arms.add("PHOTOSTIM:intensity=" + x);
                }
                p.put("candidates", arms.toString());
                return new AdaptiveSearchPolicy(new PolicyParams(p));
            }
        }
    }
}
