package org.zaploop.processors.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.zaploop.processors.probe.SpikeRates;
import org.zaploop.processors.probe.SyntheticProbe;

/**
 * {@code zaploop bench ephys}: sustained throughput and block → rates latency of the dense-probe science core
 * ({@link SpikeRates}: band-pass, adaptive MAD threshold, binned rates), in process, on a synthetic int16 probe
 * recording generated beforehand (a pool of blocks replayed with advancing sample indices, so generation is not
 * timed). Latency is the wall time to process one block, p50/p99/max from an HdrHistogram. Exit codes: 0 ok,
 * 1 failure, 2 usage.
 */
@Command(name = "ephys", mixinStandardHelpOptions = true,
        description = "Throughput and latency of the ephys science core (dense probe spike rates).")
public final class BenchEphysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--channels", defaultValue = "384", description = "probe channels")
    int channels;

    @Option(names = "--rate", defaultValue = "30000", description = "samples per second per channel")
    double rate;

    @Option(names = "--seconds", defaultValue = "10", description = "seconds of recording to process")
    double seconds;

    @Option(names = "--block", defaultValue = "0.001", description = "block length in seconds (default 1 ms)")
    double blockS;

    @Option(names = "--warmup", defaultValue = "2", description = "seconds of recording processed untimed first")
    double warmupS;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (channels < 2 || rate <= 0 || seconds <= 0 || blockS <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "invalid arguments");
        }
        int blockSamples = Math.max(1, (int) Math.round(blockS * rate));
        int poolBlocks = (int) Math.max(1, Math.min(Math.round(2.0 * rate / blockSamples), 4000));
        SyntheticProbe probe = new SyntheticProbe(channels, rate, 8, 1);
        float[][] pool = new float[poolBlocks][channels * blockSamples];
        short[] counts = new short[channels * blockSamples];
        for (float[] b : pool) {
            probe.fill(counts, blockSamples);
            SyntheticProbe.dequantize(counts, b);
        }
        long totalBlocks = Math.max(1, Math.round(seconds * rate / blockSamples));
        long warmBlocks = Math.round(warmupS * rate / blockSamples);
        Histogram h = new Histogram(60_000_000_000L, 3);
        SpikeRates sr = new SpikeRates(SpikeRates.Config.defaults(), channels, rate);
        long[] bins = new long[1];
        SpikeRates.BinSink sink = (bin, r) -> bins[0]++;
        long sample = 0;
        for (long i = 0; i < warmBlocks; i++, sample += blockSamples) {
            sr.process(pool[(int) (i % poolBlocks)], 0, blockSamples, sample, sink);
        }
        long spikesBefore = sr.spikes();
        long t0 = System.nanoTime();
        for (long i = 0; i < totalBlocks; i++, sample += blockSamples) {
            long a = System.nanoTime();
            sr.process(pool[(int) ((i + warmBlocks) % poolBlocks)], 0, blockSamples, sample, sink);
            h.recordValue(System.nanoTime() - a);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double sps = totalBlocks * (double) blockSamples * channels / wall;
        double realtime = totalBlocks * (double) blockSamples / rate / wall;
        double detectedHz = (sr.spikes() - spikesBefore) / (totalBlocks * (double) blockSamples / rate) / channels;
        if (json) {
            out.printf(Locale.ROOT, "{\"bench\":\"ephys\",\"channels\":%d,\"rateHz\":%.1f,\"blockSamples\":%d,"
                            + "\"seconds\":%.3f,\"wallSeconds\":%.3f,\"samplesPerSecond\":%.0f,\"realtimeFactor\":%.2f,"
                            + "\"latencyP50Ms\":%.4f,\"latencyP99Ms\":%.4f,\"latencyMaxMs\":%.4f,"
                            + "\"detectedSpikeHzPerChannel\":%.2f,\"trueSpikeHzPerChannel\":8}%n",
                    channels, rate, blockSamples, totalBlocks * (double) blockSamples / rate, wall, sps, realtime,
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
                    detectedHz);
        } else {
            out.printf(Locale.ROOT, "ephys bench (dense probe spike rates): %d channels × %.0f Hz, %d-sample blocks%n",
                    channels, rate, blockSamples);
            out.printf(Locale.ROOT, "  recording        %10.1f s (after %.1f s warm-up)%n",
                    totalBlocks * (double) blockSamples / rate, warmupS);
            out.printf(Locale.ROOT, "  wall time        %10.3f s%n", wall);
            out.printf(Locale.ROOT, "  sustained        %10.3e samples/s (%.2f × real time; target ≥ 1)%n", sps,
                    realtime);
            out.printf(Locale.ROOT, "  block → rates    p50 %.4f ms, p99 %.4f ms, max %.4f ms (target p99 < 5 ms)%n",
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
            out.printf(Locale.ROOT, "  detected rate    %10.2f Hz per channel (true 8 Hz)%n", detectedHz);
        }
        out.flush();
        return 0;
    }
}
