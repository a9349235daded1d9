package org.zaploop.sim.fish;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tail electrophysiology of the virtual fish at 6 kHz: the motor drive decides when the fish swims; a swim bout
 * is a train of band-limited bursts alternating between the left and right motor nerves at the swim frequency,
 * over recording noise. Also writes the imaging TTL and condition channels.
 *
 * <p>Bouts start when the motor drive crosses a threshold outside the refractory period. While the fish swims,
 * vigor follows the drive, and the bout ends once the drive falls below 70 % of the threshold (after at least
 * {@value #MIN_BOUT_S} s) or after {@value #MAX_BOUT_S} s: visual feedback that cancels the drive shortens and
 * weakens swimming, as in real fish under high closed-loop gain. Bouts are kept as ground truth ({@link #bouts()}).
 */
public final class TailEphys {

    /**
     * @param noiseV          recording noise SD, volts
     * @param burstV          burst amplitude at full vigor, volts
     * @param swimHz          tail-beat (burst) frequency
     * @param driveThreshold  motor drive (0..1) above which a bout starts
     * @param refractoryS     minimum time between bouts
     */
    public record Params(double noiseV, double burstV, double swimHz, double driveThreshold, double refractoryS) {
        public static Params typical() {
            return new Params(0.02, 0.25, 25, 0.35, 0.3);
        }
    }

    static final double MIN_BOUT_S = 0.08;
    static final double MAX_BOUT_S = 0.4;

    private final Params params;
    private final SplittableRandom rng;
    private final List<Bout> bouts = new ArrayList<>();
    private long sample;
    private boolean swimming;
    private long boutStart = -1;
    private long refractoryUntil;
    private double vigor;
    private double vigorSum;
    private double turn;
    private double leftDrive;
    private double rightDrive;
    // Two-pole band-pass (≈ 300–1000 Hz) state per side: motor-nerve bursts are high-frequency multi-unit activity.
    private final double[] bpLeft = new double[2];
    private final double[] bpRight = new double[2];

    public TailEphys(Params params, long seed) {
        this.params = params;
        this.rng = new SplittableRandom(seed);
    }

    /** Sets the current motor drive per side, 0..1 (from the motor populations' firing). */
    public void setMotorDrive(double left, double right) {
        leftDrive = clamp01(left);
        rightDrive = clamp01(right);
    }

    /**
     * Writes {@code samples} samples of all channels into {@code dest} (interleaved, sample-major), continuing
     * the ephys clock.
     *
     * @param planeClock tells where plane and volume starts fall, for the TTL channel
     * @param condition  1-based ZAPBench condition index, 0 for none
     */
    public void fill(float[] dest, int samples, PlaneClock planeClock, int condition, double visualVelocity, double gain) {
        int ch = EphysLayout.CHANNELS;
        if (dest.length < samples * ch) {
            throw new IllegalArgumentException("ephys buffer holds " + dest.length / ch + " samples, asked for " + samples);
        }
        double fs = EphysLayout.SAMPLE_RATE_HZ;
        for (int s = 0; s < samples; s++, sample++) {
            updateBout(fs);
            double left = params.noiseV() * gaussian();
            double right = params.noiseV() * gaussian();
            if (swimming) {
                double phase = ((sample - boutStart) / fs * params.swimHz()) % 1.0;
                double amp = params.burstV() * vigor;
                // Left bursts in the first half of each tail-beat cycle, right in the second: alternation.
                double envL = phase < 0.5 ? Math.sin(Math.PI * phase * 2) * amp * (1 - turn) : 0;
                double envR = phase >= 0.5 ? Math.sin(Math.PI * (phase - 0.5) * 2) * amp * (1 + turn) : 0;
                left += envL * bandPass(bpLeft, gaussian());
                right += envR * bandPass(bpRight, gaussian());
            }
            int o = s * ch;
            for (int c = 0; c < ch; c++) {
                dest[o + c] = 0f;
            }
            dest[o + EphysLayout.LEFT] = (float) left;
            dest[o + EphysLayout.RIGHT] = (float) right;
            dest[o + EphysLayout.IMAGING_TTL] = (float) planeClock.ttlVolts(sample / fs);
            dest[o + EphysLayout.CONDITION] = condition;
            dest[o + EphysLayout.VISUAL_VELOCITY] = (float) visualVelocity;
            dest[o + EphysLayout.GAIN] = (float) gain;
        }
    }

    private void updateBout(double fs) {
        double drive = Math.max(leftDrive, rightDrive);
        double threshold = params.driveThreshold();
        if (swimming) {
            long length = sample - boutStart;
            vigor = vigorOf(drive);
            vigorSum += vigor;
            boolean fadedOut = length >= MIN_BOUT_S * fs && drive < 0.7 * threshold;
            if (fadedOut || length >= MAX_BOUT_S * fs) {
                swimming = false;
                refractoryUntil = sample + Math.round(params.refractoryS() * fs);
                bouts.set(bouts.size() - 1, new Bout(boutStart, sample, vigorSum / Math.max(1, length), turn));
            }
            return;
        }
        if (sample < refractoryUntil || drive < threshold) {
            return;
        }
        swimming = true;
        boutStart = sample;
        vigor = vigorOf(drive);
        vigorSum = 0;
        turn = (rightDrive - leftDrive) / (leftDrive + rightDrive + 1e-9);
        bouts.add(new Bout(boutStart, boutStart + Math.round(MAX_BOUT_S * fs), vigor, turn));
    }

    /** Swim vigor (0..1) for a motor drive: 0.2 at the drive where a bout would fade out, rising steeply above. */
    private double vigorOf(double drive) {
        return clamp01(0.2 + 1.5 * (drive - 0.7 * params.driveThreshold()));
    }

    private static double bandPass(double[] st, double x) {
        // Difference of two one-pole low-passes at 6 kHz: passes roughly 300–1000 Hz.
        st[0] += 0.65 * (x - st[0]);
        st[1] += 0.28 * (x - st[1]);
        return (st[0] - st[1]) * 3.0;
    }

    /** The current bout's vigor, 0 when not swimming: the fish's forward thrust, for the closed visual loop. */
    public double currentVigor() {
        return swimming ? vigor : 0;
    }

    /** Every bout so far (ground truth); a bout still under way shows its longest possible end. */
    public List<Bout> bouts() {
        return List.copyOf(bouts);
    }

    public int boutCount() {
        return bouts.size();
    }

    /** Index of the next sample to be written. */
    public long nextSample() {
        return sample;
    }

    private double gaussian() {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
