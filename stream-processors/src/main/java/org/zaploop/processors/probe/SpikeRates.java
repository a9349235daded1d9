package org.zaploop.processors.probe;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.zaploop.processors.dsp.Biquad;

/**
 * Dense-probe spike rates, online, for all channels of one session: per channel a 300–6000 Hz band-pass
 * (second-order Butterworth high-pass and low-pass sections), threshold detection of negative-going crossings of
 * −k·σ where σ = median(|x|) / 0.6745 (Quiroga et al. 2004) is tracked online by a multiplicative running median
 * (seeded with the exact median of the first block), a refractory period, and spike counts binned into fixed
 * bins; each completed bin is handed over as rates in Hz per channel. State is struct-of-arrays over channels
 * and the hot loop walks the interleaved samples in order. Reads and writes no topic or store.
 */
public final class SpikeRates {

    /** Receives each completed bin: its index (bin b covers samples [b·binSamples, (b+1)·binSamples)). */
    public interface BinSink {
        void bin(long bin, float[] ratesHz);
    }

    /**
     * @param lowHz       band-pass low edge (300 Hz)
     * @param highHz      band-pass high edge (6000 Hz)
     * @param thresholdK  threshold in noise σ (4.5)
     * @param refractoryS dead time after a spike (1 ms)
     * @param binS        bin length (10 ms)
     * @param noiseTauS   time constant of the running median
     */
    public record Config(double lowHz, double highHz, double thresholdK, double refractoryS, double binS,
                         double noiseTauS) {
        public static Config defaults() {
            return new Config(300, 6000, 4.5, 0.001, 0.010, 1.0);
        }
    }

    private final int channels;
    private final double rate;
    private final Biquad hp;
    private final Biquad lp;
    private final double[] state; // [channel][4]
    private final double[] median; // running median of |band-passed|
    private final int[] dead; // refractory samples left
    private final int[] counts; // spikes in the current bin
    private final float[] rates;
    private final double up;
    private final double down;
    private final double k;
    private final int refractory;
    private final int binSamples;
    private long nextSample = -1;
    private boolean seeded;
    private long spikes;

    public SpikeRates(Config config, int channels, double sampleRateHz) {
        this.channels = channels;
        this.rate = sampleRateHz;
        this.hp = Biquad.highPass(sampleRateHz, config.lowHz(), Biquad.BUTTERWORTH_Q);
        this.lp = Biquad.lowPass(sampleRateHz, Math.min(config.highHz(), 0.45 * sampleRateHz), Biquad.BUTTERWORTH_Q);
        this.state = new double[channels * 4];
        this.median = new double[channels];
        this.dead = new int[channels];
        this.counts = new int[channels];
        this.rates = new float[channels];
        double r = Math.min(0.1, 1.0 / (config.noiseTauS() * sampleRateHz));
        this.up = 1 + r * 0.5;
        this.down = 1 - r * 0.5;
        this.k = config.thresholdK() / 0.6745;
        this.refractory = Math.max(1, (int) Math.round(config.refractoryS() * sampleRateHz));
        this.binSamples = Math.max(1, (int) Math.round(config.binS() * sampleRateHz));
    }

    public int channels() {
        return channels;
    }

    public double sampleRateHz() {
        return rate;
    }

    public int binSamples() {
        return binSamples;
    }

    /** Spikes detected so far. */
    public long spikes() {
        return spikes;
    }

    /** Noise σ of a channel (median(|x|) / 0.6745). */
    public double sigma(int channel) {
        return median[channel] / 0.6745;
    }

    /** The next sample expected, −1 before the first block. */
    public long nextSample() {
        return nextSample;
    }

    /** Forgets filter state and the partial bin after a gap (the noise estimate is kept). */
    public void resetFilters() {
        Arrays.fill(state, 0);
        Arrays.fill(dead, 0);
        Arrays.fill(counts, 0);
        nextSample = -1;
    }

    /**
     * Runs samples {@code [from, samples)} of an interleaved block (session sample index {@code firstSample} at
     * sample 0) and hands every bin completed on the way to {@code sink}.
     */
    public void process(float[] data, int from, int samples, long firstSample, BinSink sink) {
        if (!seeded) {
            seed(data, from, samples);
        }
        final int ch = channels;
        final double b0h = hp.b0(), b1h = hp.b1(), b2h = hp.b2(), a1h = hp.a1(), a2h = hp.a2();
        final double b0l = lp.b0(), b1l = lp.b1(), b2l = lp.b2(), a1l = lp.a1(), a2l = lp.a2();
        final double[] st = state;
        final double[] med = median;
        for (int s = from; s < samples; s++) {
            long a = firstSample + s;
            int base = s * ch;
            for (int c = 0; c < ch; c++) {
                int o = c * 4;
                double x = data[base + c];
                double y1 = b0h * x + st[o];
                st[o] = b1h * x - a1h * y1 + st[o + 1];
                st[o + 1] = b2h * x - a2h * y1;
                double y = b0l * y1 + st[o + 2];
                st[o + 2] = b1l * y1 - a1l * y + st[o + 3];
                st[o + 3] = b2l * y1 - a2l * y;
                double m = med[c];
                double ay = y < 0 ? -y : y;
                med[c] = ay > m ? m * up : m * down;
                if (dead[c] > 0) {
                    dead[c]--;
                } else if (y < -k * m) {
                    counts[c]++;
                    dead[c] = refractory;
                    spikes++;
                }
            }
            if ((a + 1) % binSamples == 0) {
                double scale = rate / binSamples;
                for (int c = 0; c < ch; c++) {
                    rates[c] = (float) (counts[c] * scale);
                    counts[c] = 0;
                }
                sink.bin((a + 1) / binSamples - 1, rates);
            }
        }
        nextSample = firstSample + samples;
    }

    private void seed(float[] data, int from, int samples) {
        int n = samples - from;
        double[] tmp = new double[channels * 4];
        double[] v = new double[n];
        for (int c = 0; c < channels; c++) {
            for (int s = from; s < samples; s++) {
                double y1 = hp.step(data[s * channels + c], tmp, c * 4);
                v[s - from] = Math.abs(lp.step(y1, tmp, c * 4 + 2));
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            median[c] = Math.max(sorted[n / 2], 1e-12);
        }
        seeded = true;
    }

    public byte[] snapshot() {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 1 + 8 + channels * (4 * 8 + 8 + 4 + 4));
        b.putLong(nextSample).putDouble(rate).put((byte) (seeded ? 1 : 0)).putLong(spikes);
        for (double v : state) {
            b.putDouble(v);
        }
        for (int c = 0; c < channels; c++) {
            b.putDouble(median[c]).putInt(dead[c]).putInt(counts[c]);
        }
        return b.array();
    }

    public static SpikeRates restore(Config config, int channels, byte[] snap) {
        ByteBuffer b = ByteBuffer.wrap(snap);
        long next = b.getLong();
        SpikeRates r = new SpikeRates(config, channels, b.getDouble());
        if (snap.length != 8 + 8 + 1 + 8 + channels * (4 * 8 + 8 + 4 + 4)) {
            throw new IllegalArgumentException("snapshot is for another channel count");
        }
        r.nextSample = next;
        r.seeded = b.get() == 1;
        r.spikes = b.getLong();
        for (int i = 0; i < r.state.length; i++) {
            r.state[i] = b.getDouble();
        }
        for (int c = 0; c < channels; c++) {
            r.median[c] = b.getDouble();
            r.dead[c] = b.getInt();
            r.counts[c] = b.getInt();
        }
        return r;
    }
}
