package org.zaploop.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.NetworkBuilder;
import org.zaploop.sim.engine.Simulator;
import org.zaploop.sim.engine.SpikeMonitor;
import org.zaploop.sim.engine.SpikeStatistics;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.networks.VogelsAbbott;
import picocli.CommandLine;

/**
 * Measures the engine on the Vogels–Abbott CUBA/COBA benchmark networks: build time apart from
 * loop time, ×RT, synaptic events per second, memory and firing statistics. {@link #main} runs
 * {@link BenchSimCommand}; {@link #runOnce} is the measurement itself. Reads and writes no topics.
 */
public final class SimBench {

    private SimBench() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchSimCommand()).execute(args));
    }

    /** The benchmark network for {@code model} ("cuba" or "coba"). */
    public static NetworkSpec spec(String model, int neurons, double synapsesPerNeuron, double dtMs) {
        return switch (model) {
            case "cuba" -> VogelsAbbott.cuba(neurons, synapsesPerNeuron, dtMs);
            case "coba" -> VogelsAbbott.coba(neurons, synapsesPerNeuron, dtMs);
            default -> throw new IllegalArgumentException("model must be cuba or coba, got " + model);
        };
    }

    /** Builds, runs and measures one seed. */
    public static BenchRun runOnce(String model, int neurons, double k, double dtMs, double seconds, long seed,
                                   int threads) {
        Runtime rt = Runtime.getRuntime();
        long t0 = System.nanoTime();
        NetworkSpec spec = spec(model, neurons, k, dtMs);
        Network net = NetworkBuilder.build(spec, seed);
        try (Simulator sim = new Simulator(net, threads)) {
            double buildSeconds = (System.nanoTime() - t0) / 1e9;
            System.gc();
            long heap = rt.totalMemory() - rt.freeMemory();
            long engine = net.engineBytes() + sim.engineBytes();
            long syn = net.synapses().size();
            long splitBytes = sim.rowSplitBytes();
            double bytesPerSynapse = syn == 0 ? 0 : (double) (net.synapses().bytes() + splitBytes) / syn;
            SpikeMonitor mon = new SpikeMonitor();
            sim.addRecorder(mon);
            long steps = Math.round(seconds * 1000.0 / dtMs);
            long t1 = System.nanoTime();
            sim.run(steps);
            double loop = (System.nanoTime() - t1) / 1e9;
            int nExc = net.populationEnd(0);
            SpikeStatistics all = SpikeStatistics.of(mon, 0, neurons, steps, dtMs);
            SpikeStatistics exc = SpikeStatistics.of(mon, 0, nExc, steps, dtMs);
            SpikeStatistics inh = SpikeStatistics.of(mon, nExc, neurons, steps, dtMs);
            long events = 0;
            for (int j = 0; j < mon.size(); j++) {
                events += net.synapses().outDegree(mon.neuron(j));
            }
            double simSeconds = steps * dtMs / 1000.0;
            return new BenchRun("zaploop-java", model, neurons, syn, sim.threads(), seed, dtMs, simSeconds,
                    buildSeconds, loop, loop / simSeconds, simSeconds / loop, events / loop, heap, engine,
                    bytesPerSynapse, peakRss(), all.rateHz(), exc.rateHz(), inh.rateHz(), all.meanIsiCv(),
                    all.spikes());
        }
    }

    /** Peak resident set size of this process (VmHWM), or -1 where /proc is unavailable. */
    static long peakRss() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String l : lines) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
