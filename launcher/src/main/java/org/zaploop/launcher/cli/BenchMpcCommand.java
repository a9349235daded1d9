package org.zaploop.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zaploop.controller.bench.SetpointFish;
import org.zaploop.sim.twin.TwinFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop bench mpc}: model-predictive control against the PI setpoint policy on the virtual fish
 * ({@link VirtualSetpointFish}), with the MPC policy's settings as options (to take its parts apart). Both hold the
 * hindbrain's mean ΔF/F at a target; the figure is the RMS tracking error after the first control frames. Before
 * control both go through the same identification frames (reported with the twin's fit to them, never scored). A
 * table, or one JSON object.
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

    @Option(names = "--steps", defaultValue = "4",
            description = "Frames ahead the MPC objective counts (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--offset-gain", defaultValue = "0.5",
            description = "MPC's offset correction per frame, 0..1; 0: none (default ${DEFAULT-VALUE}).")
    double offsetGain;

    @Option(names = "--interpolate", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "MPC blends neighbouring intensities (--no-interpolate: only the simulated ones).")
    boolean interpolate;

    @Option(names = "--move-cost", defaultValue = "0",
            description = "MPC's cost of changing the intensity, per intensity² (default ${DEFAULT-VALUE}).")
    double moveCost;

    @Option(names = "--probe-frames", defaultValue = "4",
            description = "Identification before control: frames per PHOTOSTIM probe (0.1, 0.2, 0.3) and per rest "
                    + "between them, the same for both policies; the MPC's twin is fitted to them. 0: no "
                    + "identification, unfitted twin (default ${DEFAULT-VALUE}).")
    int probeFrames;

    @Option(names = "--fit", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Fit the MPC's twin to the identification frames (--no-fit: run them, keep the twin "
                    + "unfitted).")
    boolean fit;


    @Override
    public Integer call() throws Exception {
        if (neurons < 900 || frames <= settle || settle < 0 || !(target > 0) || steps < 1 || steps > 64
                || !(offsetGain >= 0 && offsetGain <= 1) || !(moveCost >= 0) || probeFrames < 0
                || probeFrames > 0 && probeFrames < 2) {
            spec.commandLine().getErr().println("need --neurons >= 900, --frames > --settle >= 0, --target > 0, "
                    + "--steps in 1..64, --offset-gain in 0..1, --move-cost >= 0, --probe-frames 0 or >= 2");
            return 2;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("neurons", neurons);
        r.put("frames", frames);
        r.put("target", target);
        r.put("steps", steps);
        r.put("offsetGain", offsetGain);
        r.put("interpolate", interpolate);
        r.put("moveCost", moveCost);
        VirtualSetpointFish fish = new VirtualSetpointFish(neurons,
                new VirtualSetpointFish.MpcSettings(steps, offsetGain, interpolate, moveCost, probeFrames, fit));
        VirtualSetpointFish.Run pi = fish.run(SetpointFish.Controller.SETPOINT, seed, frames, settle, target);
        VirtualSetpointFish.Run mpc = fish.run(SetpointFish.Controller.MPC, seed, frames, settle, target);
        r.put("identificationFrames", mpc.identificationFrames());
        r.put("fit", mpc.fit() != null);
        if (mpc.fit() != null) {
            TwinFit.Result fit = mpc.fit();
            r.put("fittedPhotostimGain", round(mpc.hindbrainGain()));
            r.put("fitAccepted", mpc.fitAccepted());
            r.put("fitHeldOutCorrelation", round(fit.correlation()[mpc.hindbrain()]));
            r.put("fitHeldOutRms", round(fit.rmsHeldOut()[mpc.hindbrain()]));
            r.put("fitHeldOutRmsUnfitted", round(fit.rmsBefore()[mpc.hindbrain()]));
        }
        r.put("setpointRms", round(pi.rms()));
        r.put("mpcRms", round(mpc.rms()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(r));
        } else {
            r.forEach((k, v) -> out.printf(Locale.ROOT, "  %-14s %s%n", k, v));
        }
        out.flush();
        return 0;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10000) / 10000.0;
    }
}
