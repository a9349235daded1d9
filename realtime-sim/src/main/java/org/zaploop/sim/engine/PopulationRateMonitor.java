package org.zaploop.sim.engine;

import java.util.Arrays;

/**
 * Counts spikes per population in bins of {@code binSteps} steps; {@link #rateHz} turns a bin
 * into a population firing rate. Storage grows by whole bins (one int per population per bin).
 */
public final class PopulationRateMonitor implements SpikeRecorder {

    private final int[] popStart;
    private final int binSteps;
    private final double binSeconds;
    private final long firstStep;
    private int[] counts;
    private int bins;

    public PopulationRateMonitor(Network net, int binSteps) {
        if (binSteps < 1) {
            throw new IllegalArgumentException("binSteps must be >= 1");
        }
        this.popStart = net.popStart;
        this.binSteps = binSteps;
        this.binSeconds = binSteps * net.dtMs / 1000.0;
        this.firstStep = net.step;
        this.counts = new int[64 * populations()];
    }

    private int populations() {
        return popStart.length - 1;
    }

    @Override
    public void record(long step, int[] ids, int count) {
        int bin = (int) ((step - firstStep) / binSteps);
        int pops = populations();
        if (bin >= bins) {
            bins = bin + 1;
            if (bins * pops > counts.length) {
                counts = Arrays.copyOf(counts, Math.max(bins * pops, counts.length * 2));
            }
        }
        int base = bin * pops;
        int p = 0;
        for (int k = 0; k < count; k++) {
            int id = ids[k];
            // ids arrive ascending within a call, so the population index only moves forward
            if (id < popStart[p]) {
                p = 0;
            }
            while (id >= popStart[p + 1]) {
                p++;
            }
            counts[base + p]++;
        }
    }

    /** Number of bins started so far. */
    public int bins() {
        return bins;
    }

    /** Spike count of population {@code p} in bin {@code bin}. */
    public int count(int bin, int p) {
        return counts[bin * populations() + p];
    }

    /** Mean firing rate (Hz per neuron) of population {@code p} in bin {@code bin}. */
    public double rateHz(int bin, int p) {
        int size = popStart[p + 1] - popStart[p];
        return size == 0 ? 0 : count(bin, p) / (size * binSeconds);
    }
}
