package org.zaploop.processors.forecast;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.zaploop.processors.forecast.ZapbenchProtocol.Condition;
import org.zaploop.processors.forecast.ZapbenchProtocol.Split;

/**
 * Runs forecasters under {@link ZapbenchProtocol} over a {@link TraceSource}, one neuron block at a time (so the
 * whole 71,721-neuron session never has to be in memory): pass 1 fits every forecaster on the train splits of
 * each block, pass 2 forecasts every window of the scored split and accumulates Σ|target − forecast| per window
 * and step over all neurons (double). MAE per condition = mean over windows of (that sum / neurons), and windows
 * of several runs of one condition are pooled. A {@link Tunable} forecaster's setting is chosen between the passes
 * by its MAE on the validation split. Reads and writes no topic or store.
 */
public final class ProtocolEvaluator {

    private final ZapbenchProtocol protocol;
    private final TraceSource source;
    private final int blockNeurons;
    private final Map<String, String> tuning = new LinkedHashMap<>();

    public ProtocolEvaluator(ZapbenchProtocol protocol, TraceSource source, int blockNeurons) {
        this.protocol = protocol;
        this.source = source;
        this.blockNeurons = blockNeurons;
    }

    public List<ProtocolResult> run(List<Forecaster> forecasters, Split split) throws IOException {
        int frames = source.frames();
        int neurons = source.neurons();
        int h = protocol.horizon();
        int c = protocol.context();
        for (Forecaster f : forecasters) {
            if (f.context() != c || f.horizon() != h) {
                throw new IllegalArgumentException(f.name() + " has C=" + f.context() + ", H=" + f.horizon()
                        + "; the protocol needs C=" + c + ", H=" + h);
            }
        }
        List<Condition> conds = protocol.conditions();
        for (Condition cond : conds) {
            if (cond.to() > frames) {
                throw new IllegalArgumentException("condition " + cond.name() + " ends at frame " + cond.to()
                        + " but the source has " + frames + " frames");
            }
        }
        int[] condPerFrame = protocol.conditionPerFrame(frames);
        List<ZapbenchProtocol.Range> segments = protocol.trainSegments();
        boolean learns = forecasters.stream().anyMatch(ProtocolEvaluator::learns);
        float[] block = new float[frames * Math.min(blockNeurons, neurons)];
        if (learns) {
            for (int n0 = 0; n0 < neurons; n0 += blockNeurons) {
                int n1 = Math.min(neurons, n0 + blockNeurons);
                source.read(0, frames, n0, n1, block);
                TrainingBlock tb = new TrainingBlock(block, frames, n0, n1 - n0, condPerFrame, segments);
                for (Forecaster f : forecasters) {
                    f.fit(tb);
                }
            }
            for (Forecaster f : forecasters) {
                f.finishFit();
            }
        }
        for (Forecaster f : forecasters) {
            if (f instanceof Tunable t && learns) {
                tune(t, conds, condPerFrame, block);
            }
        }
        double[][][] sums = score(forecasters, split, conds, condPerFrame, block);
        List<ProtocolResult> results = new ArrayList<>();
        for (int fi = 0; fi < forecasters.size(); fi++) {
            PerCondition pc = perCondition(sums[fi], conds, split);
            results.add(new ProtocolResult(forecasters.get(fi).name(), c, pc.mae(), pc.windows(),
                    ZapbenchProtocol.TAXIS));
        }
        return results;
    }

    /**
     * Chooses a tunable forecaster's setting by the protocol's own score on the validation split (MAE averaged over
     * each condition's windows, then over conditions), never looking at the test split: per step ahead when its
     * steps are separate fits, else one setting for all steps by the mean over steps.
     */
    private void tune(Tunable t, List<Condition> conds, int[] condPerFrame, float[] block)
            throws IOException {
        String before = t.setting();
        int h = protocol.horizon();
        int candidates = t.candidates() + 1; // −1 (as built) first
        double[][] mae = new double[candidates][];
        for (int i = -1; i < t.candidates(); i++) {
            t.choose(i);
            mae[i + 1] = maePerStep(score(List.of(t), Split.VAL, conds, condPerFrame, block)[0], conds, Split.VAL);
        }
        if (mae[0] == null) {
            t.choose(-1);
            tuning.put(t.name(), before + " (default: the validation split holds no window of C + H frames)");
            return;
        }
        double chosenMae = 0;
        if (t.stepsAreSeparate()) {
            int[] best = new int[h];
            for (int k = 0; k < h; k++) {
                int b = 0;
                for (int i = 1; i < candidates; i++) {
                    b = mae[i][k] < mae[b][k] ? i : b;
                }
                best[k] = b - 1;
                chosenMae += mae[b][k] / h;
            }
            t.chooseByStep(best);
        } else {
            int b = 0;
            for (int i = 1; i < candidates; i++) {
                b = mean(mae[i]) < mean(mae[b]) ? i : b;
            }
            t.choose(b - 1);
            chosenMae = mean(mae[b]);
        }
        tuning.put(t.name(), t.setting() + String.format(java.util.Locale.ROOT,
                " (validation MAE %.5f, mean over steps)", chosenMae));
    }

    /** MAE per step of each condition (its runs pooled: mean over their windows), and its windows. */
    private record PerCondition(Map<Integer, double[]> mae, Map<Integer, Integer> windows) {
    }

    /**
     * From Σ|error| sums per [condition entry][window × H + step]: per condition, the mean over its windows of the
     * sum / neurons (0 where it has none).
     */
    private PerCondition perCondition(double[][] sums, List<Condition> conds, Split split) {
        int h = protocol.horizon();
        int neurons = source.neurons();
        Map<Integer, double[]> mae = new LinkedHashMap<>();
        Map<Integer, Integer> count = new LinkedHashMap<>();
        for (int ci = 0; ci < conds.size(); ci++) {
            int k = conds.get(ci).index();
            int windows = protocol.windows(conds.get(ci), split);
            double[] m = mae.computeIfAbsent(k, x -> new double[h]);
            for (int w = 0; w < windows; w++) {
                for (int j = 0; j < h; j++) {
                    m[j] += sums[ci][w * h + j] / neurons;
                }
            }
            count.merge(k, windows, Integer::sum);
        }
        for (Map.Entry<Integer, double[]> e : mae.entrySet()) {
            int windows = count.get(e.getKey());
            for (int j = 0; j < h; j++) {
                e.getValue()[j] = windows == 0 ? 0 : e.getValue()[j] / windows;
            }
        }
        return new PerCondition(mae, count);
    }

    /** The protocol's score per step: the mean over the conditions with windows of their MAE; null if none has. */
    private double[] maePerStep(double[][] sums, List<Condition> conds, Split split) {
        PerCondition pc = perCondition(sums, conds, split);
        List<double[]> scored = new ArrayList<>();
        pc.mae().forEach((k, m) -> {
            if (pc.windows().get(k) > 0) {
                scored.add(m);
            }
        });
        if (scored.isEmpty()) {
            return null;
        }
        double[] out = new double[protocol.horizon()];
        for (double[] m : scored) {
            for (int j = 0; j < out.length; j++) {
                out[j] += m[j] / scored.size();
            }
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** How each tunable forecaster's setting was chosen in the last {@link #run}, by forecaster name. */
    public Map<String, String> tuning() {
        return Map.copyOf(tuning);
    }

    /** Σ|target − forecast| over neurons per [forecaster][condition entry][window × H + step] of a split. */
    private double[][][] score(List<Forecaster> forecasters, Split split, List<Condition> conds, int[] condPerFrame,
                               float[] block) throws IOException {
        int frames = source.frames();
        int neurons = source.neurons();
        int h = protocol.horizon();
        int c = protocol.context();
        // sums[forecaster][condition entry][window * H + step]
        double[][][] sums = new double[forecasters.size()][conds.size()][];
        for (int fi = 0; fi < forecasters.size(); fi++) {
            for (int ci = 0; ci < conds.size(); ci++) {
                sums[fi][ci] = new double[protocol.windows(conds.get(ci), split) * h];
            }
        }
        float[] out = new float[h * blockNeurons];
        int[] targetConds = new int[h];
        float[][] perFrame = new float[frames][Math.min(blockNeurons, neurons)];
        for (int n0 = 0; n0 < neurons; n0 += blockNeurons) {
            int n1 = Math.min(neurons, n0 + blockNeurons);
            int n = n1 - n0;
            source.read(0, frames, n0, n1, block);
            for (int f = 0; f < frames; f++) {
                System.arraycopy(block, f * n, perFrame[f], 0, n);
            }
            for (int ci = 0; ci < conds.size(); ci++) {
                Condition cond = conds.get(ci);
                int windows = protocol.windows(cond, split);
                for (int w = 0; w < windows; w++) {
                    int s = protocol.windowStart(cond, split, w);
                    for (int k = 0; k < h; k++) {
                        targetConds[k] = condPerFrame[s + c + k];
                    }
                    for (int fi = 0; fi < forecasters.size(); fi++) {
                        forecasters.get(fi).forecast(perFrame, s, n0, n, targetConds, out);
                        double[] acc = sums[fi][ci];
                        for (int k = 0; k < h; k++) {
                            int t = (s + c + k) * n;
                            double e = 0;
                            for (int i = 0; i < n; i++) {
                                e += Math.abs(block[t + i] - out[k * n + i]);
                            }
                            acc[w * h + k] += e;
                        }
                    }
                }
            }
        }
        return sums;
    }

    private static boolean learns(Forecaster f) {
        return !(f instanceof MeanForecaster) && !(f instanceof LastValueForecaster);
    }
}
