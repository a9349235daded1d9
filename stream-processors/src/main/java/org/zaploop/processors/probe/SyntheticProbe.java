package org.zaploop.processors.probe;

import java.util.SplittableRandom;

/**
 * A synthetic dense-probe recording for benchmarks and tests: int16 counts, Gaussian noise of σ = 12 counts per
 * channel, and spikes (Poisson, given rate per channel) as a 1 ms biphasic waveform with a −90 count trough.
 * Interleaved sample-major like an {@code EphysBlock}. Reads and writes no topic or store.
 */
public final class SyntheticProbe {

    public static final float SCALE = 0.195f; // µV per count, as many probe ADCs
    private final int channels;
    private final double rate;
    private final double spikeHz;
    private final SplittableRandom rng;
    private final float[] waveform;
    private final int[] pending; // sample offset into the waveform per channel, −1 none
    private long groundTruthSpikes;

    public SyntheticProbe(int channels, double sampleRateHz, double spikeHz, long seed) {
        this.channels = channels;
        this.rate = sampleRateHz;
        this.spikeHz = spikeHz;
        this.rng = new SplittableRandom(seed);
        int w = Math.max(4, (int) Math.round(0.001 * sampleRateHz));
        this.waveform = new float[w];
        for (int i = 0; i < w; i++) {
            double t = i / (double) w;
            waveform[i] = (float) (-90 * Math.exp(-Math.pow((t - 0.25) / 0.08, 2))
                    + 35 * Math.exp(-Math.pow((t - 0.55) / 0.15, 2)));
        }
        this.pending = new int[channels];
        java.util.Arrays.fill(pending, -1);
    }

    /** Spikes generated so far. */
    public long groundTruthSpikes() {
        return groundTruthSpikes;
    }

    /** Fills {@code counts} with the next {@code samples} samples of all channels. */
    public void fill(short[] counts, int samples) {
        double p = spikeHz / rate;
        for (int s = 0; s < samples; s++) {
            int base = s * channels;
            for (int c = 0; c < channels; c++) {
                double v = 12 * rng.nextGaussian();
                if (pending[c] < 0 && rng.nextDouble() < p) {
                    pending[c] = 0;
                    groundTruthSpikes++;
                }
                if (pending[c] >= 0) {
                    v += waveform[pending[c]++];
                    if (pending[c] == waveform.length) {
                        pending[c] = -1;
                    }
                }
                counts[base + c] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
            }
        }
    }

    /** Counts to physical values as an INT16 EphysBlock holds them. */
    public static void dequantize(short[] counts, float[] dest) {
        for (int i = 0; i < counts.length; i++) {
            dest[i] = (float) (counts[i] * (double) SCALE);
        }
    }
}
