package org.zaploop.processors.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

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
 * encoded (ZLFC) — the same classes {@code ForecastProcessor} runs. Reports per-frame latency (all blocks of a
 * frame, p50/p99) and frames per second as a multiple of ZAPBench's real time (1 / 0.9141 s). The linear map is
 * fitted once on synthetic AR(1) traces before timing. Exit codes: 0 ok, 1 failure, 2 usage.
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

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int h = 32;
        int blocks = (neurons + 511) / 512;
        List<Forecaster> fs = ForecasterFactory.create(forecasters, context, h);
        SplittableRandom r = new SplittableRandom(1);
        for (Forecaster f : fs) {
            if (f instanceof LinearForecaster lin) {
                float[] w = new float[(context + h) * 64];
                double[] v = new double[64];
                for (int t = 0; t < context + h; t++) {
                    for (int i = 0; i < 64; i++) {
                        v[i] = 0.9 * v[i] + 0.05 * r.nextGaussian();
                        w[t * 64 + i] = (float) v[i];
                    }
                }
                for (int rep = 0; rep < 4; rep++) {
                    lin.learn(w, 0, 64, 1, 0);
                }
                lin.solve();
            }
        }
        BlockWindow[] win = new BlockWindow[blocks];
        ForecastHistory[][] hist = new ForecastHistory[blocks][fs.size()];
        float[][] state = new float[blocks][];
        for (int b = 0; b < blocks; b++) {
            int n = Math.min(512, neurons - b * 512);
            win[b] = new BlockWindow(context + h, n);
            state[b] = new float[n];
            for (int f = 0; f < fs.size(); f++) {
                hist[b][f] = new ForecastHistory(h, n);
            }
        }
        Histogram lat = new Histogram(3_600_000_000_000L, 3);
        int[] conds = new int[h];
        double[] sums = new double[h];
        long[] counts = new long[h];
        long bytesOut = 0;
        int total = context + h + frames;
        long timedStart = 0;
        for (int t = 0; t < total; t++) {
            if (t == context + h) {
                timedStart = System.nanoTime();
            }
            long t0 = System.nanoTime();
            for (int b = 0; b < blocks; b++) {
                float[] s = state[b];
                float[] dff = new float[s.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = 0.9f * s[i] + 0.05f * (float) (r.nextDouble() - 0.5);
                    dff[i] = s[i];
                }
                TraceBlock tb = new TraceBlock("bench", t, b, b * 512, t * 914_100_000L, false, dff, null);
                byte[] wire = Topics.TRACES.valueSerde().serializer().serialize(Topics.TRACES.name(), tb);
                TraceBlock in = Topics.TRACES.valueSerde().deserializer().deserialize(Topics.TRACES.name(), wire);
                win[b].add(in.frame(), in.dff());
                for (int f = 0; f < fs.size(); f++) {
                    hist[b][f].score(in.frame(), in.dff(), sums, counts);
                }
                if (win[b].filled() >= context) {
                    int off = win[b].offsetOfLast(context);
                    for (int f = 0; f < fs.size(); f++) {
                        float[] values = new float[h * s.length];
                        fs.get(f).forecast(win[b].array(), off, in.firstNeuron(), s.length, conds, values);
                        int slot = hist[b][f].slotFor(in.frame(), -1);
                        System.arraycopy(values, 0, hist[b][f].buffer(), slot, values.length);
                        ForecastBlock fb = new ForecastBlock("bench", fs.get(f).name(), in.frame(), b, in.firstNeuron(),
                                s.length, context, h, in.acquisitionNs(), values);
                        bytesOut += Topics.FORECASTS.valueSerde().serializer().serialize(Topics.FORECASTS.name(), fb)
                                .length;
                    }
                }
            }
            if (t >= context + h) {
                lat.recordValue(System.nanoTime() - t0);
            }
        }
        double wall = (System.nanoTime() - timedStart) / 1e9;
        double fps = frames / wall;
        double realtime = fps * 0.9141;
        List<String> names = new ArrayList<>();
        fs.forEach(f -> names.add(f.name()));
        if (json) {
            out.printf(Locale.ROOT, "{\"bench\":\"forecast-stream\",\"neurons\":%d,\"blocks\":%d,\"context\":%d,"
                            + "\"forecasters\":\"%s\",\"frames\":%d,\"frameP50Ms\":%.2f,\"frameP99Ms\":%.2f,"
                            + "\"framesPerSecond\":%.2f,\"realtimeFactor\":%.1f,\"forecastMBPerFrame\":%.1f}%n",
                    neurons, blocks, context, String.join(",", names), frames, lat.getValueAtPercentile(50) / 1e6,
                    lat.getValueAtPercentile(99) / 1e6, fps, realtime, bytesOut / 1e6 / total);
        } else {
            out.printf(Locale.ROOT, "forecast-stream bench: %d neurons (%d blocks), C=%d, H=%d, forecasters %s%n",
                    neurons, blocks, context, h, names);
            out.printf(Locale.ROOT, "  per frame (all blocks)  p50 %.1f ms, p99 %.1f ms (target p99 < 100 ms)%n",
                    lat.getValueAtPercentile(50) / 1e6, lat.getValueAtPercentile(99) / 1e6);
            out.printf(Locale.ROOT, "  replay speed            %.2f frames/s = %.1f × real time (target ≥ 100×)%n",
                    fps, realtime);
            out.printf(Locale.ROOT, "  forecast output         %.1f MB per frame%n", bytesOut / 1e6 / total);
        }
        out.flush();
        return 0;
    }
}
