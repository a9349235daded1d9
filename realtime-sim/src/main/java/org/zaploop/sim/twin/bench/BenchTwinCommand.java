package org.zaploop.sim.twin.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zaploop.sim.engine.Rng;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.networks.ZebrafishNetwork;
import org.zaploop.sim.twin.DigitalTwin;
import org.zaploop.sim.twin.RegionMap;
import org.zaploop.sim.twin.TwinFrame;
import org.zaploop.sim.twin.TwinParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop bench twin}: how fast the digital twin is. Builds a twin on a neuron table laid out like the
 * fish's, drives it in twin mode with a measured signal like the virtual fish's true ΔF/F (each region a slow
 * oscillation around 0.6 ΔF/F, each neuron with its own noise; seeded; compared without a baseline, so the twin
 * fires at the fish's few Hz), and reports its real-time factor, then simulates H frames ahead from its state
 * several times and reports the wall time (and the thread's CPU time, which other processes on the machine disturb
 * less) against one volume period. A table, or exactly one JSON object with {@code --json}. Exit codes: 0 ok,
 * 1 failure, 2 usage.
 */
@Command(name = "twin", mixinStandardHelpOptions = true,
        description = {"Benchmark the digital twin: real-time factor in twin mode and time to simulate H frames "
                + "ahead (target: 32 frames of a 10,000-neuron twin within one volume period, 0.9141 s)."})
public final class BenchTwinCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--neurons", defaultValue = "10000",
            description = "Measured neurons = twin neurons (default ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--frames", defaultValue = "30",
            description = "Frames measured in twin mode, after 5 to settle (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--horizon", defaultValue = "32",
            description = "Frames simulated ahead (default ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--repeats", defaultValue = "5",
            description = "Simulations ahead timed (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--threads", defaultValue = "1",
            description = "Engine threads of the twin (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the table and the signal (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--archive", paramLabel = "DIR",
            description = "Also score the twin's forecasts on this recorded session (MAE per step ahead against the "
                    + "frames that came, beside the mean-of-last-4 and last-value forecasts).")
    java.nio.file.Path archive;

    @Option(names = "--score-every", defaultValue = "4",
            description = "With --archive: forecast every this many frames (default ${DEFAULT-VALUE}).")
    int scoreEvery;

    @Option(names = "--model", paramLabel = "MODEL", description = "With --archive: a fitted twin model.")
    java.nio.file.Path model;

    @Option(names = "--json", description = "Print exactly one JSON object.")
    boolean json;

    private static final int SETTLE = 5;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (neurons < 10 * ZebrafishNetwork.regions().size() || frames < 1 || horizon < 1 || repeats < 1
                || threads < 1) {
            spec.commandLine().getErr().println("need --neurons >= " + 10 * ZebrafishNetwork.regions().size()
                    + ", --frames, --horizon, --repeats, --threads >= 1");
            return 2;
        }
        double period = FishGeometry.ZAPBENCH_VOLUME_PERIOD_S;
        TwinParams params = TwinParams.defaults(period).againstTruth().withThreads(threads);
        RegionMap map = RegionMap.fromPositionsUm(ZebrafishNetwork.spec(neurons, 10, 1.0, seed + 100).positionsUm());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long b0 = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        try (DigitalTwin twin = new DigitalTwin(params, map)) {
            double buildS = (System.nanoTime() - b0) / 1e9;
            float[] y = new float[neurons];
            Rng rng = new Rng(seed);
            long wall = 0;
            double err = 0;
            double rate = 0;
            for (int f = 0; f < SETTLE + frames; f++) {
                for (int m = 0; m < neurons; m++) {
                    y[m] = (float) (0.6 + 0.25 * Math.sin(2 * Math.PI * f / 24 + map.regionOf(m))
                            + 0.1 * rng.nextGaussian());
                }
                long t0 = System.nanoTime();
                TwinFrame tf = twin.observe(f, y);
                if (f >= SETTLE) {
                    wall += System.nanoTime() - t0;
                    err += tf.overallError(map) / frames;
                    rate += meanRate(twin, tf) / frames;
                }
            }
            double rt = frames * period / (wall / 1e9);
            float[] ahead = new float[horizon * neurons];
            double[] wallS = new double[repeats];
            double[] cpuS = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                twin.simulateAhead(horizon, null, null, ahead, null);
                wallS[i] = (System.nanoTime() - t0) / 1e9;
                cpuS[i] = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            }
            r.put("neurons", neurons);
            r.put("dtMs", params.dtMs());
            r.put("synapsesPerNeuron", params.synapsesPerNeuron());
            r.put("synapses", twin.network().synapses().size());
            r.put("threads", threads);
            r.put("buildS", round(buildS));
            r.put("twinFrames", frames);
            r.put("twinRealTimeFactor", round(rt));
            r.put("trackingErrorRms", round(err));
            r.put("meanRateHz", round(rate));
            r.put("horizon", horizon);
            r.put("aheadBioS", round(horizon * period));
            r.put("aheadWallMedianS", round(median(wallS)));
            r.put("aheadWallMinS", round(Arrays.stream(wallS).min().orElseThrow()));
            r.put("aheadWallMaxS", round(Arrays.stream(wallS).max().orElseThrow()));
            r.put("aheadCpuMedianS", round(median(cpuS)));
            r.put("aheadRealTimeFactor", round(horizon * period / median(wallS)));
            r.put("targetS", period);
            r.put("meetsTarget", median(wallS) < period);
        }
        if (archive != null) {
            r.put("forecastScores", ForecastScoring.score(archive, model, horizon, Math.max(1, scoreEvery), threads));
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(r));
        } else {
            out.println("digital twin benchmark (measured signal: seeded oscillation + noise per neuron)");
            r.forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %s%n", k, v));
            out.println("(other processes on the machine slow the wall times; the CPU time is the thread's own)");
        }
        out.flush();
        return 0;
    }

    private static double meanRate(DigitalTwin twin, TwinFrame f) {
        double spikes = 0;
        for (int p = 0; p < twin.populationCount(); p++) {
            spikes += f.populationRateHz()[p]
                    * (twin.network().populationEnd(p) - twin.network().populationStart(p));
        }
        return spikes / twin.network().size();
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
