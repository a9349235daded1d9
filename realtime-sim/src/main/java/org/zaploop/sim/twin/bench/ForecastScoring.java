package org.zaploop.sim.twin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zaploop.sim.twin.DigitalTwin;
import org.zaploop.sim.twin.RecordedSession;
import org.zaploop.sim.twin.TwinModel;
import org.zaploop.sim.twin.TwinParams;

/**
 * Scores the twin as a forecaster on a recorded session, the ZAPBench way: the twin follows the session frame by
 * frame (twin mode, shown the session's stimuli), and every few frames forecasts H frames by simulation under the
 * command standing then ({@link RecordedSession#heldAfter}: a flash that began still ends by itself); each
 * forecast's mean absolute error per step ahead is taken against the frames that came, over all neurons, beside two
 * reference forecasts made at the same frames — each neuron's mean of its last 4 frames, and its last value.
 * Reads no topic.
 */
final class ForecastScoring {

    static final int CONTEXT = 4;

    private ForecastScoring() {
    }

    static Map<String, Object> score(Path archive, Path modelFile, int horizon, int every, int threads)
            throws IOException {
        RecordedSession s = RecordedSession.read(archive);
        int n = s.map().measured();
        TwinParams params = TwinParams.defaults(s.meta().volumePeriodS()).withThreads(threads);
        if (Files.isDirectory(archive.resolve("truth"))) {
            params = params.againstTruth();
        }
        TwinModel model = modelFile == null ? TwinModel.neutral(s.map().regionNames()) : TwinModel.read(modelFile);
        double[] twinAbs = new double[horizon];
        double[] meanAbs = new double[horizon];
        double[] lastAbs = new double[horizon];
        long[] count = new long[horizon];
        float[] y = new float[n];
        float[] ahead = new float[horizon * n];
        int forecasts = 0;
        try (DigitalTwin twin = new DigitalTwin(params, s.map(), model)) {
            for (int f = 0; f < s.frames(); f++) {
                s.show(f, twin);
                s.frame(f, y);
                twin.observe(f, y);
                if (f + 1 < CONTEXT || f + 1 >= s.frames() || (f + 1) % every != 0) {
                    continue;
                }
                twin.simulateAheadShowing(s.heldAfter(f, horizon), ahead, null);
                forecasts++;
                for (int step = 0; step < horizon && f + 1 + step < s.frames(); step++) {
                    int t = f + 1 + step;
                    double a = 0;
                    double b = 0;
                    double c = 0;
                    // absolute errors of the three forecasts of frame t, summed over neurons
                    for (int m = 0; m < n; m++) {
                        float truth = s.dff(t, m);
                        float mean = 0;
                        for (int k = 0; k < CONTEXT; k++) {
                            mean += s.dff(f - k, m) / CONTEXT;
                        }
                        a += Math.abs(ahead[step * n + m] - truth);
                        b += Math.abs(mean - truth);
                        c += Math.abs(s.dff(f, m) - truth);
                    }
                    twinAbs[step] += a;
                    meanAbs[step] += b;
                    lastAbs[step] += c;
                    count[step] += n;
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("archive", archive.toString());
        r.put("frames", s.frames());
        r.put("forecasts", forecasts);
        r.put("twinMae", mae(twinAbs, count));
        r.put("meanOfLast4Mae", mae(meanAbs, count));
        r.put("lastValueMae", mae(lastAbs, count));
        r.put("twinMaeStep1", stepMae(twinAbs, count, 0));
        r.put("twinMaeStep32", stepMae(twinAbs, count, horizon - 1));
        r.put("meanOfLast4MaeStep32", stepMae(meanAbs, count, horizon - 1));
        return r;
    }

    private static double mae(double[] abs, long[] count) {
        double s = 0;
        int steps = 0;
        for (int i = 0; i < abs.length; i++) {
            if (count[i] > 0) {
                s += abs[i] / count[i];
                steps++;
            }
        }
        return steps == 0 ? Double.NaN : Math.round(s / steps * 1e5) / 1e5;
    }

    private static double stepMae(double[] abs, long[] count, int step) {
        return count[step] == 0 ? Double.NaN : Math.round(abs[step] / count[step] * 1e5) / 1e5;
    }
}
