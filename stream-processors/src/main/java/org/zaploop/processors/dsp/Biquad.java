package org.zaploop.processors.dsp;

/**
 * Coefficients of a second-order IIR section (RBJ audio-cookbook designs), normalised so a0 = 1:
 * {@code y = b0 x + b1 x[-1] + b2 x[-2] - a1 y[-1] - a2 y[-2]}. State lives with the caller (two doubles per
 * channel, transposed direct form II) so one coefficient set serves many channels. Reads and writes no topic or
 * store.
 */
public record Biquad(double b0, double b1, double b2, double a1, double a2) {

    /** Butterworth Q of a single second-order section. */
    public static final double BUTTERWORTH_Q = Math.sqrt(0.5);

    public static Biquad highPass(double sampleRateHz, double cutoffHz, double q) {
        check(sampleRateHz, cutoffHz);
        double w = 2 * Math.PI * cutoffHz / sampleRateHz;
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        double a0 = 1 + alpha;
        return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    public static Biquad lowPass(double sampleRateHz, double cutoffHz, double q) {
        check(sampleRateHz, cutoffHz);
        double w = 2 * Math.PI * cutoffHz / sampleRateHz;
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        double a0 = 1 + alpha;
        return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    private static void check(double fs, double fc) {
        if (!(fs > 0) || !(fc > 0) || fc >= fs / 2) {
            throw new IllegalArgumentException("cutoff " + fc + " Hz must lie in (0, " + fs / 2 + ") Hz");
        }
    }

    /**
     * Filters one sample; {@code state[offset]} and {@code state[offset + 1]} are this channel's two state
     * variables (transposed direct form II).
     */
    public double step(double x, double[] state, int offset) {
        double y = b0 * x + state[offset];
        state[offset] = b1 * x - a1 * y + state[offset + 1];
        state[offset + 1] = b2 * x - a2 * y;
        return y;
    }

    /** Magnitude of the frequency response at {@code hz}. */
    public double gain(double sampleRateHz, double hz) {
        double w = 2 * Math.PI * hz / sampleRateHz;
        double cr = b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w);
        double ci = -b1 * Math.sin(w) - b2 * Math.sin(2 * w);
        double dr = 1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w);
        double di = -a1 * Math.sin(w) - a2 * Math.sin(2 * w);
        return Math.sqrt((cr * cr + ci * ci) / (dr * dr + di * di));
    }
}
