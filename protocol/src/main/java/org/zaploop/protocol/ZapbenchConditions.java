package org.zaploop.protocol;

/**
 * ZAPBench's recording: nine stimulus conditions shown one after another over 7,879 volumes, one every 0.9141 s
 * (/work/shared/ZAPBENCH.md). The rig's protocol playback, the virtual fish's ZAPBench schedule and the forecast
 * scoring protocol all read their condition boundaries from here, so they always agree.
 */
public final class ZapbenchConditions {

    /** Volumes in the recording. */
    public static final int RECORDING_FRAMES = 7879;
    /** Volume period, s. */
    public static final double FRAME_S = 0.9141;
    /** Number of conditions. */
    public static final int COUNT = 9;
    /** The held-out condition (taxis): never trained on. */
    public static final int TAXIS = 3;

    private static final String[] NAMES = {"gain", "dots", "flash", "taxis", "turning", "position", "open-loop",
        "rotation", "dark"};
    /** First volume of each condition, and the recording's end (half-open ranges). */
    private static final int[] STARTS = {0, 649, 2422, 3078, 3735, 5047, 5638, 6623, 7279, 7879};

    private ZapbenchConditions() {
    }

    /** Condition k's name ({@code condition-k} outside 0..8). */
    public static String name(int k) {
        return k >= 0 && k < COUNT ? NAMES[k] : "condition-" + k;
    }

    /** Volumes condition k lasts in ZAPBench's recording. */
    public static int frames(int k) {
        return STARTS[check(k) + 1] - STARTS[k];
    }

    /**
     * Condition k's first volume in a recording of {@code frames} volumes with ZAPBench's boundaries scaled to it
     * (rounded; exact for 7,879). {@code k = COUNT} gives the recording's end.
     */
    public static int scaledStart(int k, int frames) {
        if (k < 0 || k > COUNT) {
            throw new IllegalArgumentException("condition " + k + " is not one of ZAPBench's 0.." + (COUNT - 1));
        }
        return (int) Math.round((double) STARTS[k] * frames / RECORDING_FRAMES);
    }

    private static int check(int k) {
        if (k < 0 || k >= COUNT) {
            throw new IllegalArgumentException("condition " + k + " is not one of ZAPBench's 0.." + (COUNT - 1));
        }
        return k;
    }
}
