package org.zaploop.sim.fish;

/**
 * The channel layout of the virtual fish's electrophysiology, ZAPBench's 10-channel flat file: interleaved
 * float32, sample-major. Channels not named here carry zeros.
 */
public final class EphysLayout {

    public static final int CHANNELS = 10;
    public static final double SAMPLE_RATE_HZ = 6000.0;
    /** Left tail (motor nerve) signal, volts. */
    public static final int LEFT = 0;
    /** Right tail (motor nerve) signal, volts. */
    public static final int RIGHT = 1;
    /** Imaging TTL: 5 V during the first millisecond of a volume, 2.5 V at each other plane's start, 0 otherwise. */
    public static final int IMAGING_TTL = 2;
    /** Stimulus condition index, 1-based as in ZAPBench (0 = none). */
    public static final int CONDITION = 4;
    /** Forward visual velocity presented to the fish, mm/s (ZapLoop's own addition). */
    public static final int VISUAL_VELOCITY = 5;
    /** Closed-loop gain in force (ZapLoop's own addition). */
    public static final int GAIN = 6;

    private EphysLayout() {
    }
}
