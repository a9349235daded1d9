package org.zaploop.processors.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.zaploop.processors.forecast.BlockWindow;
import org.zaploop.processors.forecast.ForecastHistory;
import org.zaploop.processors.forecast.Forecaster;
import org.zaploop.processors.forecast.ForecasterFactory;
import org.zaploop.processors.forecast.LinearForecaster;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.TraceBlock;

/**
 * {@code zaploop bench forecast-stream}: the per-frame work of the forecasting topology for a whole brain, in
 * process and without a broker: for every frame, every 512-neuron block's trace record is encoded and decoded
 * (ZLTR), added to its window, scored against earlier forecasts, forecast by each forecaster and the forecast
 * encoded (ZLFC) — the same classes {@code ForecastProcessor} runs. The blocks are shared out over {@code --threads}
 * workers (one per core, as the Streams application's stream threads share the partitions). Reports per-frame
 * latency (all blocks of a frame, p50/p99), frames per second as a multiple of ZAPBench's real time
 * (1 / 0.9141 s), the bytes published per frame, and the CPU time per frame with the speed it gives on idle
 * cores (CPU time does not grow when other processes share the machine; wall time does). The linear map is fitted once on synthetic AR(1) traces before
 * timing. Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(name = "forecast-stream", mixinStandardHelpOptions = true,
        description = "Per-frame latency and replay speed of online forecasting for all neurons (in process).")
public final class BenchForecastStreamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--neurons", defaultValue = "71721")
    int neurons;

    @Option(names = "--context", defaultValue = "256")
    int context;

    @Option(names = "--frames", defaultValue = "60", description = "timed frames (after C + H warm-up frames)")
    int frames;

    @Option(names = "--forecasters", split = ",", defaultValue = "linear")
    List<String> forecasters;

    @Option(names = "--threads", defaultValue = "2",
            description = "workers, each with its own forecasters and a fixed share of the blocks (the Streams "
                    + "application runs one stream thread per core the same way)")
    int threads;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int h = HORIZON;
        int blocks = (neurons + BLOCK - 1) / BLOCK;
        int workers = Math.max(1, Math.min(threads, blocks));
        List<Worker> ws = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            ws.add(new Worker(k * blocks / workers, (k + 1) * blocks / workers));
        }
        List<String> names = new ArrayList<>();
        ws.get(0).forecasters.forEach(f -> names.add(f.name()));
        Histogram lat = new Histogram(3_600_000_000_000L, 3);
        long bytesOut = 0;
        int total = context + h + frames;
        long timedStart = 0;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int t = 0; t < total; t++) {
                if (t == context + h) {
                    timedStart = System.nanoTime();
                    for (Worker w : ws) {
                        w.bytesOut = 0;
                        w.cpuNanos = 0;
                    }
                }
                final long frame = t;
                List<Callable<Void>> tasks = new ArrayList<>();
                for (Worker w : ws) {
                    tasks.add(() -> {
                        w.frame(frame);
                        return null;
                    });
                }
                long t0 = System.nanoTime();
                for (Future<Void> f : pool.invokeAll(tasks)) {
                    f.get();
                }
                if (t >= context + h) {
                    lat.recordValue(System.nanoTime() - t0);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - timedStart) / 1e9;
        long cpuNanos = 0;
        for (Worker w : ws) {
            bytesOut += w.bytesOut;
            cpuNanos += w.cpuNanos;
        }
        // CPU time is what the work costs whatever else runs on the machine: the speed two idle cores would give
        double cpuMsPerFrame = cpuNanos / 1e6 / frames;
        double idleRealtime = workers * 1000.0 / cpuMsPerFrame * FRAME_SECONDS;
        double fps = frames / wall;
        double realtime = fps * FRAME_SECONDS;
        double mbPerFrame = bytesOut / 1e6 / frames;
        if (json) {
            out.printf(Locale.ROOT, "{\"bench\":\"forecast-stream\",\"neurons\":%d,\"blocks\":%d,\"context\":%d,"
                            + "\"forecasters\":\"%s\",\"threads\":%d,\"frames\":%d,\"frameP50Ms\":%.2f,"
                            + "\"frameP99Ms\":%.2f,\"framesPerSecond\":%.2f,\"realtimeFactor\":%.1f,"
                            + "\"forecastMBPerFrame\":%.2f,\"forecastMBPerSecond\":%.1f,\"cpuMsPerFrame\":%.1f,"
                            + "\"idleCoresRealtimeFactor\":%.1f}%n",
                    neurons, blocks, context, String.join(",", names), workers, frames,
                    lat.getValueAtPercentile(50) / 1e6, lat.getValueAtPercentile(99) / 1e6, fps, realtime,
                    mbPerFrame, mbPerFrame * fps, cpuMsPerFrame, idleRealtime);
        } else {
            out.printf(Locale.ROOT, "forecast-stream bench: %d neurons (%d blocks), C=%d, H=%d, forecasters %s, "
                    + "%d threads%n", neurons, blocks, context, h, names, workers);
            out.printf(Locale.ROOT, "  per frame (all blocks)  p50 %.1f ms, p99 %.1f ms (target p99 < 100 ms)%n",
                    lat.getValueAtPercentile(50) / 1e6, lat.getValueAtPercentile(99) / 1e6);
            out.printf(Locale.ROOT, "  replay speed            %.2f frames/s = %.1f × real time (target ≥ 100×)%n",
                    fps, realtime);
            out.printf(Locale.ROOT, "  forecast output         %.2f MB per frame = %.0f MB/s at this speed%n",
                    mbPerFrame, mbPerFrame * fps);
            out.printf(Locale.ROOT, "  CPU time                %.1f ms per frame: %d idle cores would give %.1f × real time%n",
                    cpuMsPerFrame, workers, idleRealtime);
        }
        out.flush();
        return 0;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int HORIZON = 32;
    private static final int BLOCK = 512;
    private static final double FRAME_SECONDS = 0.9141;

    /** One worker's share of the blocks, with its own forecasters (they are not thread-safe) and windows. */
    private final class Worker {
        final int firstBlock;
        final List<Forecaster> forecasters;
        final BlockWindow[] windows;
        final ForecastHistory[][] history;
        final float[][] state;
        final SplittableRandom random;
        final int[] conditions = new int[HORIZON];
        final double[] sums = new double[HORIZON];
        final long[] counts = new long[HORIZON];
        long bytesOut;
        long cpuNanos;

        Worker(int from, int to) {
            firstBlock = from;
            forecasters = ForecasterFactory.create(BenchForecastStreamCommand.this.forecasters, context, HORIZON);
            random = new SplittableRandom(1 + from);
            for (Forecaster f : forecasters) {
                if (f instanceof LinearForecaster lin) {
                    fitOnAr1(lin);
                }
            }
            windows = new BlockWindow[to - from];
            history = new ForecastHistory[to - from][forecasters.size()];
            state = new float[to - from][];
            for (int b = 0; b < windows.length; b++) {
                int n = Math.min(BLOCK, neurons - (from + b) * BLOCK);
                windows[b] = new BlockWindow(context + HORIZON, n);
                state[b] = new float[n];
                for (int f = 0; f < forecasters.size(); f++) {
                    history[b][f] = new ForecastHistory(HORIZON, n);
                }
            }
        }

        private void fitOnAr1(LinearForecaster lin) {
            SplittableRandom r = new SplittableRandom(1);
            float[][] w = new float[context + HORIZON][64];
            double[] v = new double[64];
            for (int t = 0; t < context + HORIZON; t++) {
                for (int i = 0; i < 64; i++) {
                    v[i] = 0.9 * v[i] + 0.05 * r.nextGaussian();
                    w[t][i] = (float) v[i];
                }
            }
            for (int rep = 0; rep < 4; rep++) {
                lin.learn(w, 0, 64, 1, 0);
            }
            lin.solve();
        }

        /** Everything the topology does with one frame of this worker's blocks. */
        void frame(long t) {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            for (int b = 0; b < windows.length; b++) {
                int block = firstBlock + b;
                float[] s = state[b];
                float[] dff = new float[s.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = 0.9f * s[i] + 0.05f * (float) (random.nextDouble() - 0.5);
                    dff[i] = s[i];
                }
                TraceBlock tb = new TraceBlock("bench", t, block, block * BLOCK, t * 914_100_000L, false, dff, null);
                byte[] wire = Topics.TRACES.valueSerde().serializer().serialize(Topics.TRACES.name(), tb);
                TraceBlock in = Topics.TRACES.valueSerde().deserializer().deserialize(Topics.TRACES.name(), wire);
                windows[b].add(in.frame(), in.dff());
                for (int f = 0; f < forecasters.size(); f++) {
                    history[b][f].score(in.frame(), in.dff(), sums, counts);
                }
                if (windows[b].filled() >= context) {
                    int from = windows[b].fromOfLast(context);
                    for (int f = 0; f < forecasters.size(); f++) {
                        float[] values = history[b][f].slotFor(in.frame());
                        forecasters.get(f).forecast(windows[b].frames(), from, in.firstNeuron(), s.length,
                                conditions, values);
                        ForecastBlock fb = new ForecastBlock("bench", forecasters.get(f).name(), in.frame(), block,
                                in.firstNeuron(), s.length, context, HORIZON, in.acquisitionNs(), values);
                        bytesOut += Topics.FORECASTS.valueSerde().serializer().serialize(Topics.FORECASTS.name(), fb)
                                .length;
                    }
                }
            }
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu0;
        }
    }
}
