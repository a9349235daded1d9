package org.zaploop.processors.behavior;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.zaploop.processors.dsp.Biquad;
import org.zaploop.processors.dsp.RunningQuantile;

/**
 * Swim bouts from the two tail (motor nerve) channels of one session, online, as the field computes them (Ahrens
 * et al., Nature 2012): per channel, remove the slow component (second-order high-pass), square, and take the
 * standard deviation in a short sliding window (≈ 10 ms) as the swim power. Each channel's noise floor is
 * tracked online by robust running quantiles of its power (median and 90th percentile, updated only outside
 * bouts), and a bout is detected with hysteresis on the larger of the two channels' normalised powers
 * {@code z = (power − median) / (q90 − median)}: it starts when z exceeds {@code onK} (dated back to where z
 * last rose above {@code offK}, minus half the window to undo the window's lag) and ends when z has stayed below
 * {@code offK} for {@code hangS}.
 *
 * <p>Blocks must be fed in sample order; the caller detects gaps and duplicates (see
 * {@link org.zaploop.processors.dsp.SampleSequence}) and calls {@link #resetFilters} at a gap. All state is in
 * primitive fields and arrays, saved and restored by {@link #snapshot} / {@link #restore}. Reads and writes no
 * topic or store.
 */
public final class SwimDetector {

    private static final int SNAPSHOT_VERSION = 1;
    private static final double WARMUP_Q90 = 0.9;

    private final SwimConfig config;
    private final double sampleRateHz;
    private final Biquad highPass;
    private final int window;
    private final int hang;
    private final int[] channel;
    private final RunningQuantile[] floor = new RunningQuantile[2];
    private final RunningQuantile[] upper = new RunningQuantile[2];

    // filter state, reset at gaps
    private final double[] hpState = new double[4];
    private final double[][] ring;
    private final double[] sum = new double[2];
    private int pos;
    private int filled;
    // warm-up of the noise floor
    private final double[][] warm;
    private int warmCount;
    // detector state
    private boolean swimming;
    private long boutId = -1;
    private long riseStart = -1;
    private long belowSince = -1;
    private long lastOffset = -1;
    private double boutExcessLeft;
    private double boutExcessRight;

    public SwimDetector(SwimConfig config, double sampleRateHz) {
        this.config = config;
        this.sampleRateHz = sampleRateHz;
        this.highPass = Biquad.highPass(sampleRateHz, Math.min(config.highPassHz(), sampleRateHz * 0.45),
                Biquad.BUTTERWORTH_Q);
        this.window = Math.max(2, (int) Math.round(config.windowS() * sampleRateHz));
        this.hang = (int) Math.round(config.hangS() * sampleRateHz);
        this.channel = new int[] {config.leftChannel(), config.rightChannel()};
        double rate = Math.min(0.1, 1.0 / (config.noiseTauS() * sampleRateHz));
        for (int c = 0; c < 2; c++) {
            floor[c] = new RunningQuantile(0.5, rate);
            upper[c] = new RunningQuantile(WARMUP_Q90, rate);
        }
        this.ring = new double[2][window];
        this.warm = new double[2][Math.max(window, (int) Math.round(config.warmupS() * sampleRateHz))];
    }

    public SwimConfig config() {
        return config;
    }

    public double sampleRateHz() {
        return sampleRateHz;
    }

    /** Samples in the power window. */
    public int window() {
        return window;
    }

    /** Whether the noise floor has been seeded (after the warm-up). */
    public boolean warmedUp() {
        return floor[0].seeded();
    }

    public boolean swimming() {
        return swimming;
    }

    public long boutId() {
        return boutId;
    }

    /** Noise floor (median power) of side 0 = left, 1 = right. */
    public double noiseFloor(int side) {
        return floor[side].value();
    }

    /**
     * Forgets the filter history (high-pass state and power window) after a gap in the samples; a bout under way
     * ends at the gap. The noise floor is kept: it is still the best estimate.
     */
    public void resetFilters(long gapAtSample, BoutListener listener) {
        Arrays.fill(hpState, 0);
        for (double[] r : ring) {
            Arrays.fill(r, 0);
        }
        Arrays.fill(sum, 0);
        pos = 0;
        filled = 0;
        riseStart = -1;
        belowSince = -1;
        if (swimming) {
            swimming = false;
            lastOffset = gapAtSample;
            listener.offset(boutId, gapAtSample);
        }
    }

    /**
     * Runs the samples {@code [from, samples)} of an interleaved block through the detector.
     *
     * @param data        interleaved sample-major values, {@code data[s * channels + c]}
     * @param channels    channels per sample
     * @param from        first sample of the block to use (after an overlap, the first new one)
     * @param samples     samples in the block
     * @param firstSample session-wide index of the block's sample 0
     * @param out         filled with the block's summary
     */
    public void process(float[] data, int channels, int from, int samples, long firstSample, BlockSummary out,
                        BoutListener listener) {
        if (channels <= config.maxChannel()) {
            throw new IllegalArgumentException("block has " + channels + " channels, the swim config reads channel "
                    + config.maxChannel());
        }
        out.clear();
        double sumPower0 = 0;
        double sumPower1 = 0;
        double excess0 = 0;
        double excess1 = 0;
        int swimSamples = 0;
        int valid = 0;
        boolean endedHere = false;
        double turnAtEnd = 0;
        for (int s = from; s < samples; s++) {
            long a = firstSample + s;
            int base = s * channels;
            for (int c = 0; c < 2; c++) {
                double y = highPass.step(data[base + channel[c]], hpState, 2 * c);
                double sq = y * y;
                sum[c] += sq - ring[c][pos];
                ring[c][pos] = sq;
            }
            if (++pos == window) {
                pos = 0;
                sum[0] = resum(ring[0]);
                sum[1] = resum(ring[1]);
            }
            if (filled < window) {
                filled++;
                if (filled < window) {
                    continue;
                }
            }
            double p0 = Math.sqrt(Math.max(0, sum[0] / window));
            double p1 = Math.sqrt(Math.max(0, sum[1] / window));
            valid++;
            sumPower0 += p0;
            sumPower1 += p1;
            if (!floor[0].seeded()) {
                warm[0][warmCount] = p0;
                warm[1][warmCount] = p1;
                if (++warmCount == warm[0].length) {
                    seedFromWarmup();
                }
                continue;
            }
            double f0 = floor[0].value();
            double f1 = floor[1].value();
            double z0 = (p0 - f0) / spread(0);
            double z1 = (p1 - f1) / spread(1);
            double z = Math.max(z0, z1);
            if (!swimming) {
                floor[0].add(p0);
                upper[0].add(p0);
                floor[1].add(p1);
                upper[1].add(p1);
                if (z > config.offK()) {
                    if (riseStart < 0) {
                        riseStart = a;
                    }
                } else {
                    riseStart = -1;
                }
                if (z > config.onK()) {
                    swimming = true;
                    boutId++;
                    out.boutOnset = true;
                    // Back-dated to the rise above offK, but never more than one window before the crossing: the
                    // first burst sample entered the window at most that long ago.
                    long onset = Math.max(Math.max(riseStart - window / 2, a - window), Math.max(lastOffset + 1, 0));
                    boutExcessLeft = 0;
                    boutExcessRight = 0;
                    belowSince = -1;
                    listener.onset(boutId, onset);
                }
            }
            if (swimming) {
                double e0 = Math.max(0, p0 - f0);
                double e1 = Math.max(0, p1 - f1);
                excess0 += e0;
                excess1 += e1;
                boutExcessLeft += e0;
                boutExcessRight += e1;
                swimSamples++;
                if (z < config.offK()) {
                    if (belowSince < 0) {
                        belowSince = a;
                    }
                    if (a - belowSince >= hang) {
                        swimming = false;
                        endedHere = true;
                        turnAtEnd = turn(boutExcessLeft, boutExcessRight);
                        lastOffset = Math.max(belowSince - window / 2, 0);
                        riseStart = -1;
                        listener.offset(boutId, lastOffset);
                    }
                } else {
                    belowSince = -1;
                }
            }
        }
        out.validSamples = valid;
        out.leftPower = valid == 0 ? 0 : sumPower0 / valid;
        out.rightPower = valid == 0 ? 0 : sumPower1 / valid;
        out.vigor = swimSamples == 0 ? 0 : (excess0 + excess1) / swimSamples;
        out.swimming = swimming;
        out.boutId = boutId;
        out.turnIndex = swimming ? turn(boutExcessLeft, boutExcessRight) : endedHere ? turnAtEnd : 0;
    }

    private double spread(int c) {
        double f = floor[c].value();
        return Math.max(upper[c].value() - f, 1e-3 * f + 1e-12);
    }

    private static double turn(double left, double right) {
        double t = left + right;
        return t > 0 ? Math.max(-1, Math.min(1, (right - left) / t)) : 0;
    }

    private static double resum(double[] r) {
        double s = 0;
        for (double v : r) {
            s += v;
        }
        return s;
    }

    private void seedFromWarmup() {
        for (int c = 0; c < 2; c++) {
            double[] w = Arrays.copyOf(warm[c], warmCount);
            Arrays.sort(w);
            floor[c].seed(w[w.length / 2]);
            upper[c].seed(w[(int) Math.min(w.length - 1, Math.round(WARMUP_Q90 * (w.length - 1)))]);
        }
        warmCount = 0;
    }

    // ------------------------------------------------------------------------------------------ snapshot

    /** The whole state as bytes (for a state store); {@link #restore} with the same config gets it back. */
    public byte[] snapshot() {
        ByteBuffer b = ByteBuffer.allocate(snapshotSize());
        b.putInt(SNAPSHOT_VERSION).putDouble(sampleRateHz).putInt(window).putInt(warm[0].length);
        for (double v : hpState) {
            b.putDouble(v);
        }
        for (int c = 0; c < 2; c++) {
            for (double v : ring[c]) {
                b.putDouble(v);
            }
            b.putDouble(sum[c]).putDouble(floor[c].value()).putDouble(upper[c].value());
        }
        b.putInt(pos).putInt(filled).putInt(warmCount);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < warmCount; i++) {
                b.putDouble(warm[c][i]);
            }
        }
        b.put((byte) (swimming ? 1 : 0)).putLong(boutId).putLong(riseStart).putLong(belowSince).putLong(lastOffset)
                .putDouble(boutExcessLeft).putDouble(boutExcessRight);
        return Arrays.copyOf(b.array(), b.position());
    }

    private int snapshotSize() {
        return 4 + 8 + 4 + 4 + 4 * 8 + 2 * (window * 8 + 24) + 12 + 2 * warmCount * 8 + 1 + 4 * 8 + 2 * 8;
    }

    /** A detector in the state of {@code snapshot}; throws {@link IllegalArgumentException} if it does not fit. */
    public static SwimDetector restore(SwimConfig config, byte[] snapshot) {
        ByteBuffer b = ByteBuffer.wrap(snapshot);
        if (b.getInt() != SNAPSHOT_VERSION) {
            throw new IllegalArgumentException("unknown swim detector snapshot version");
        }
        SwimDetector d = new SwimDetector(config, b.getDouble());
        if (b.getInt() != d.window || b.getInt() != d.warm[0].length) {
            throw new IllegalArgumentException("snapshot was taken with another swim config");
        }
        for (int i = 0; i < 4; i++) {
            d.hpState[i] = b.getDouble();
        }
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < d.window; i++) {
                d.ring[c][i] = b.getDouble();
            }
            d.sum[c] = b.getDouble();
            double f = b.getDouble();
            double u = b.getDouble();
            if (f > 0) {
                d.floor[c].seed(f);
                d.upper[c].seed(u);
            }
        }
        d.pos = b.getInt();
        d.filled = b.getInt();
        d.warmCount = b.getInt();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < d.warmCount; i++) {
                d.warm[c][i] = b.getDouble();
            }
        }
        d.swimming = b.get() == 1;
        d.boutId = b.getLong();
        d.riseStart = b.getLong();
        d.belowSince = b.getLong();
        d.lastOffset = b.getLong();
        d.boutExcessLeft = b.getDouble();
        d.boutExcessRight = b.getDouble();
        return d;
    }
}
