package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.FishComponent;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.launcher.metrics.MetricsServer;
import org.zaploop.sim.export.FishExport;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.VirtualFish;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zaploop fish}: the virtual fish as a rig on Kafka, or exported with its ground truth to a session archive. */
@Command(name = "fish", mixinStandardHelpOptions = true,
        description = {"Run the virtual fish: a simulated larval zebrafish under a light-sheet microscope with a tail "
                + "recording, acting as a rig.",
                "Live: planes, ephys and rig events go to Kafka, stimulus commands come from it.",
                "--export DIR --frames T: record T volumes straight into a session archive with the ground truth "
                        + "(neuron table, labels, true ΔF/F, spikes, calcium, motion), as fast as the machine allows."})
public final class FishCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers for the live rig (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--session", paramLabel = "ID", defaultValue = "fish-01", description = "Session id (default: ${DEFAULT-VALUE}).")
    String session;

    @Option(names = "--scale", paramLabel = "small|full", defaultValue = "small",
            description = "Geometry: small (512 × 332 × 24, 10,000 neurons) or full (ZAPBench: 2048 × 1328 × 72, 71,721 neurons). Default: ${DEFAULT-VALUE}.")
    String scale;

    @Option(names = "--neurons", paramLabel = "N", description = "Neurons in the brain (default: the scale's).")
    Integer neurons;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "Live only: 1 = real time, 10 = ten times faster, max = as fast as possible (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Live only: stop after this long (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--export", paramLabel = "DIR", description = "Write a session archive with ground truth instead of streaming.")
    Path export;

    @Option(names = "--frames", paramLabel = "T", defaultValue = "100", description = "Export only: volumes to record (default: ${DEFAULT-VALUE}).")
    long frames;

    @Option(names = "--schedule", paramLabel = "STIM,...", split = ",", defaultValue = "GRATING,FLASH,DARK,OFF",
            description = "Export only: stimuli shown one after another, each for an equal share (default: ${DEFAULT-VALUE}); "
                    + "or 'zapbench': ZAPBench's nine conditions in its order, their boundaries scaled to --frames "
                    + "(exactly ZAPBench's at 7879), each event tagged with its condition.")
    String[] schedule;

    @Option(names = "--traces-only", description = "Export only: leave out the raw volumes (traces, ephys, events and "
            + "ground truth only; many times faster, for forecasting on long sessions).")
    boolean tracesOnly;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fish and its brain (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    MetricsOptions metrics;

    @picocli.CommandLine.Mixin
    LoopSchedulingOption loopScheduling;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        loopScheduling.apply();
        FishGeometry geometry = FishGeometry.named(scale);
        if (neurons != null) {
            geometry = geometry.withNeurons(neurons);
        }
        return export != null ? export(geometry) : live(geometry);
    }

    private int export(FishGeometry g) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(export)) {
            throw new IllegalArgumentException(export + " already exists: choose a new directory for the export");
        }
        out.printf("Exporting %d volumes of a %d-neuron fish (%d × %d × %d) to %s%n", frames, g.neurons(), g.width(),
                g.height(), g.depth(), export);
        out.flush();
        long t0 = System.nanoTime();
        Progress bar = new Progress(err, "volumes", frames);
        FishExport.run(export, VirtualFish.Config.defaults(g, seed), session, frames, schedule,
                Runtime.getRuntime().availableProcessors(), !tracesOnly, bar::update);
        bar.done();
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf("Done in %.1f s (%.2f× real time). Ground truth: traces (true ΔF/F), truth/spikes, truth/calcium, "
                + "truth/shift, segmentation, neurons.%n", s, frames * g.volumePeriodS() / s);
        return 0;
    }

    private int live(FishGeometry g) throws Exception {
        double x = speed.equalsIgnoreCase("max") ? 0 : Double.parseDouble(speed);
        PrintWriter out = spec.commandLine().getOut();
        Lifetime lifetime = new Lifetime();
        try (ProcessMeters meters = new ProcessMeters();
             MetricsServer metricsServer = metrics.start(meters.registry());
             FishComponent fish = new FishComponent(new ComponentContext(bootstrap, session, scale,
                     Path.of(".zaploop", "fish"), meters.registry()), g, x)) {
            fish.start();
            if (metricsServer != null) {
                out.printf("Metrics for Prometheus at %s%n", metricsServer.url());
            }
            out.printf("Virtual fish streaming session %s to %s. Ctrl-C stops it.%n", session, bootstrap);
            out.flush();
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (!lifetime.awaitStop(Duration.ofSeconds(1))) {
                out.println("fish " + fish.status());
                out.flush();
                if (System.nanoTime() >= end) {
                    break;
                }
            }
        } finally {
            lifetime.closed();
        }
        return 0;
    }
}
