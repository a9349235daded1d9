package org.zaploop.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zaploop.controller.bench.SetpointFish;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop bench mpc}: model-predictive control against the PI setpoint policy on the virtual fish
 * ({@link VirtualSetpointFish}), with the MPC policy's settings as options (to take its parts apart). Both hold the
 * hindbrain's mean ΔF/F at a target; the figure is the RMS tracking error after the first frames. A table, or one
 * JSON object.
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


    @Override
    public Integer call() throws Exception {
        if (neurons < 900 || frames <= settle || settle < 0 || !(target > 0) || steps < 1 || steps > 64
                || !(offsetGain >= 0 && offsetGain <= 1) || !(moveCost >= 0)) {
            spec.commandLine().getErr().println("need --neurons >= 900, --frames > --settle >= 0, --target > 0, "
                    + "--steps in 1..64, --offset-gain in 0..1, --move-cost >= 0");
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
                new VirtualSetpointFish.MpcSettings(steps, offsetGain, interpolate, moveCost));
        r.put("setpointRms", round(fish.trackingRms(SetpointFish.Controller.SETPOINT, seed, frames, settle, target)));
        r.put("mpcRms", round(fish.trackingRms(SetpointFish.Controller.MPC, seed, frames, settle, target)));
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
        return Math.round(v * 10000) / 10000.0;
    }
}
