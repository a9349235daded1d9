package org.zaploop.processors.forecast;

import java.util.HashMap;
import java.util.Map;

/**
 * Stimulus-conditioned mean: per neuron, the average ΔF/F over all frames seen under each condition, learned from
 * the training part ({@link #fit}) and online from every frame that arrives ({@link #observe}); the forecast of a
 * target frame is that neuron's mean under the condition shown at that frame. Where the condition is unknown or
 * never seen, it falls back to the context mean. (ZAPBench's baseline averages responses over stimulus repeats;
 * without the per-trial stimulus phase on the wire, this is its per-condition form.)
 */
public final class ConditionMeanForecaster implements Forecaster {

    public static final int CONDITIONS = 9;

    private final int context;
    private final int horizon;
    private final Map<Integer, double[]> sums = new HashMap<>(); // firstNeuron -> [condition][neuron]
    private final Map<Integer, long[]> counts = new HashMap<>(); // firstNeuron -> [condition]
    private final java.util.Set<Integer> changed = new java.util.HashSet<>();
    private double[] acc = new double[0];
    private float[] mean = new float[0];

    public ConditionMeanForecaster(int context, int horizon) {
        this.context = context;
        this.horizon = horizon;
    }

    @Override
    public String name() {
        return "condmean";
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public boolean learnsPerNeuron() {
        return true;
    }

    @Override
    public void fit(TrainingBlock d) {
        for (ZapbenchProtocol.Range r : d.segments()) {
            for (int f = r.from(); f < r.to(); f++) {
                observe(d.firstNeuron(), d.neurons(), d.data(), f * d.neurons(), d.condition()[f]);
            }
        }
    }

    @Override
    public synchronized void observe(int firstNeuron, int neurons, float[] frame, int offset, int condition) {
        if (condition < 0 || condition >= CONDITIONS) {
            return;
        }
        double[] s = sums.computeIfAbsent(firstNeuron, k -> new double[CONDITIONS * neurons]);
        long[] c = counts.computeIfAbsent(firstNeuron, k -> new long[CONDITIONS]);
        if (s.length != CONDITIONS * neurons) {
            return;
        }
        int o = condition * neurons;
        for (int i = 0; i < neurons; i++) {
            s[o + i] += frame[offset + i];
        }
        c[condition]++;
        changed.add(firstNeuron);
    }

    /** The block's sums and counts per condition: counts [9] (long) then sums [9 × neurons] (double). */
    @Override
    public synchronized byte[] changedBlockState(int firstNeuron) {
        if (!changed.remove(firstNeuron)) {
            return null;
        }
        double[] s = sums.get(firstNeuron);
        long[] c = counts.get(firstNeuron);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * CONDITIONS + 8 * s.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(c);
        b.position(8 * CONDITIONS);
        b.asDoubleBuffer().put(s);
        return b.array();
    }

    @Override
    public synchronized void restoreBlockState(int firstNeuron, byte[] state) {
        int n = state.length / 8 - CONDITIONS;
        if (n <= 0 || state.length % 8 != 0 || n % CONDITIONS != 0) {
            return;
        }
        long[] c = new long[CONDITIONS];
        double[] s = new double[n];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(state).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().get(c);
        b.position(8 * CONDITIONS);
        b.asDoubleBuffer().get(s);
        counts.put(firstNeuron, c);
        sums.put(firstNeuron, s);
    }

    @Override
    public synchronized void forecast(float[][] frames, int from, int firstNeuron, int neurons,
                                      int[] targetConditions, float[] out) {
        if (acc.length < neurons) {
            acc = new double[neurons];
            mean = new float[neurons];
        }
        MeanForecaster.contextMean(frames, from, context, neurons, acc, mean);
        double[] s = sums.get(firstNeuron);
        long[] c = counts.get(firstNeuron);
        for (int h = 0; h < horizon; h++) {
            int k = targetConditions == null || h >= targetConditions.length ? -1 : targetConditions[h];
            int o = h * neurons;
            if (k >= 0 && k < CONDITIONS && s != null && s.length == CONDITIONS * neurons && c[k] > 0) {
                double inv = 1.0 / c[k];
                for (int i = 0; i < neurons; i++) {
                    out[o + i] = (float) (s[k * neurons + i] * inv);
                }
            } else {
                System.arraycopy(mean, 0, out, o, neurons);
            }
        }
    }
}
