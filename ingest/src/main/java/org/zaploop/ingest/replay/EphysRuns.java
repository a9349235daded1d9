package org.zaploop.ingest.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored ephys holds NaN where samples never arrived (a gap); the wire allows only finite values. This
 * splits a window of samples into the runs without NaN, so a replay recreates the gap instead of sending it.
 * Plain Java.
 */
public final class EphysRuns {

    private EphysRuns() {
    }

    /** A run of samples {@code [start, start + length)} of the window. */
    public record Run(int start, int length) {
    }

    /**
     * Runs of samples in {@code data} (interleaved {@code [sample][channel]}, {@code samples × channels}) in which
     * every channel is finite.
     */
    public static List<Run> finiteRuns(float[] data, int channels, int samples) {
        List<Run> out = new ArrayList<>();
        int start = -1;
        for (int s = 0; s < samples; s++) {
            boolean ok = true;
            for (int c = 0; c < channels; c++) {
                if (!Float.isFinite(data[s * channels + c])) {
                    ok = false;
                    break;
                }
            }
            if (ok && start < 0) {
                start = s;
            } else if (!ok && start >= 0) {
                out.add(new Run(start, s - start));
                start = -1;
            }
        }
        if (start >= 0) {
            out.add(new Run(start, samples - start));
        }
        return out;
    }
}
