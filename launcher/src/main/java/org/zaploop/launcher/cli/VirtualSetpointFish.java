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
import org.zaploop.sim.twin.Identification;
import org.zaploop.sim.twin.RegionMap;
import org.zaploop.sim.twin.TwinFit;
import org.zaploop.sim.twin.TwinModel;
import org.zaploop.sim.twin.TwinParams;

/**
 * The virtual fish under a policy that holds its hindbrain's mean ΔF/F at a target by PHOTOSTIM intensity, in one
 * process without Kafka or imaging: each frame the fish's true ΔF/F is the measurement. The {@code setpoint} (PI)
 * and {@code adaptive-search} (bandit over the same intensities) policies get it as a trace block; the {@code mpc}
 * policy gets it too (its offset correction) and the predictions of a digital twin nudged by the same measurement
 * for each candidate intensity ({@link #INTENSITIES}), simulated from the measured frame on. Before control, every
 * policy's fish goes through the same identification: PHOTOSTIM probes ({@link #PROBES}) between rests, recorded,
 * and the MPC's twin is fitted to that recording ({@link Identification}, {@link TwinFit}), the fitted model used
 * only if it predicts the hindbrain's held-out identification frames better than the unfitted one
 * ({@link #accepted}); either way the twin then replays the identification frames (nudged by each, shown its
 * probe), so that it starts control in step with the fish. Only the control frames after the identification are
 * scored. No
 * safety envelope (all policies alike). For {@code bench mpc} and, through {@link java.util.ServiceLoader},
 * {@code bench policy}.
 */
public final class VirtualSetpointFish implements SetpointFish {

    /** The PHOTOSTIM intensities the twin simulates for MPC (and the bandit's arms). */
    static final double[] INTENSITIES = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0};

    /** The PHOTOSTIM intensities shown, each between rests, to identify the fish before control. */
    static final double[] PROBES = {0.1, 0.2, 0.3};
    /** Simulations of the identification recording when fitting the twin to it ({@link TwinFit}). */
    static final int FIT_ITERATIONS = 6;
    /** Share of the identification frames held out of the fit (scored only). */
    static final double FIT_HELD_OUT = 0.25;

    /**
     * The MPC policy's params (see {@link MpcPolicy}) and the identification before control.
     *
     * @param probeFrames frames each probe and each rest of the identification lasts; 0: no identification, the MPC's
     *                    twin unfitted (the drive rules' response to PHOTOSTIM)
     * @param fit         fit the MPC's twin to the identification frames (false: the frames are run, the twin stays
     *                    unfitted — the control that tells the fit's effect from the identification's)
     */
    record MpcSettings(int steps, double offsetGain, boolean interpolate, double moveCost, int probeFrames,
                       boolean fit) {
        static MpcSettings defaults() {
            return new MpcSettings(4, 0.5, true, 0, 4, true);
        }

        /** The identification schedule (PHOTOSTIM intensity per frame), empty without identification. */
        double[] probes() {
            return probeFrames == 0 ? new double[0] : Identification.schedule(PROBES, probeFrames);
        }
    }

    /**
     * One run under one policy.
     *
     * @param rms                  RMS of (hindbrain mean − target) over the scored control frames
     * @param identificationFrames frames of identification before the control frames (never scored; every policy
     *                             goes through them, so all start control from the same state)
     * @param fit                  the twin fitted to them (MPC only; null otherwise or without identification)
     * @param hindbrain            the hindbrain's region index in the fit's model
     */
    record Run(double rms, int identificationFrames, TwinFit.Result fit, int hindbrain) {
        /** The fitted twin's PHOTOSTIM drive gain in the hindbrain (1: the drive rules' own), NaN if not fitted. */
        double hindbrainGain() {
            return fit == null ? Double.NaN : fit.model().gain(hindbrain, "PHOTOSTIM");
        }

        /** Did the fitted model pass its validation, so that the MPC's twin ran with it? */
        boolean fitAccepted() {
            return accepted(fit, hindbrain);
        }
    }

    /**
     * Model validation, as an experimenter would do it: the fitted model replaces the unfitted one only if it predicts
     * the held-out identification frames of the controlled region (the hindbrain's mean) better than the unfitted
     * one does. A fit to a short recording can trade the region's excitability against its gain and find a gain that
     * fits the fitted frames and not the frames after them.
     */
    static boolean accepted(TwinFit.Result fit, int region) {
        return fit != null && fit.rmsHeldOut()[region] < fit.rmsBefore()[region];
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
                + "MPC: twin of %d neurons, %d intensities simulated %d frames ahead; %s", neurons, neurons,
                INTENSITIES.length, mpc.steps(), mpc.probeFrames() == 0 ? "twin unfitted"
                        : mpc.probes().length + " identification frames first (all policies), twin "
                        + (mpc.fit() ? "fitted to them if the fit holds out better" : "unfitted"));
    }

    @Override
    public double trackingRms(Controller controller, long seed, int frames, int settle, double target) {
        return run(controller, seed, frames, settle, target).rms();
    }

    /**
     * Identification (the same probing schedule under every policy), then {@code frames} control frames of which
     * the first {@code settle} are not scored.
     */
    Run run(Controller controller, long seed, int frames, int settle, double target) {
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
            long seq = 1;
            double[] probes = mpc.probes();
            Identification id = new Identification(map, g.volumePeriodS());
            for (double x : probes) {
                // shown during the period that leads to the next frame, as a control decision is
                long nowNs = Math.round(fish.timeS() * 1e9);
                Map<String, Double> shown = Map.of("intensity", x);
                fish.command(new FishCommand(seq++, "PHOTOSTIM", shown, -1, nowNs, nowNs + 3_000_000_000L));
                nextFrame(fish, fresh);
                id.add(truth, "PHOTOSTIM", shown);
            }
            Policy policy = policy(controller, ids.toString(), target, g.volumePeriodS());
            TwinParams twinParams = TwinParams.defaults(g.volumePeriodS()).againstTruth();
            TwinFit.Result fit = controller == Controller.MPC && probes.length > 0 && mpc.fit()
                    ? id.fit(twinParams, FIT_ITERATIONS, FIT_HELD_OUT) : null;
            DigitalTwin twin = controller == Controller.MPC ? new DigitalTwin(twinParams, map,
                    accepted(fit, hind) ? fit.model() : TwinModel.neutral(map.regionNames())) : null;
            if (twin != null) {
                // the twin follows the fish from the session's start, as it would in the loop: without the
                // identification frames it would start control from its own warm-up and spend the approach catching up
                id.replayInto(twin);
            }
            float[] ahead = new float[mpc.steps() * neurons];
            double sq = 0;
            long offset = 0;
            for (int f = 0; f < frames; f++) {
                nextFrame(fish, fresh);
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
                    twin.observe(probes.length + f, truth);
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
            return new Run(Math.sqrt(sq / (frames - settle)), probes.length, fit, hind);
        }
    }

    /** Runs the fish until its next frame's ground truth has arrived. */
    private static void nextFrame(VirtualFish fish, boolean[] fresh) {
        fresh[0] = false;
        while (!fresh[0]) {
            fish.tick();
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
