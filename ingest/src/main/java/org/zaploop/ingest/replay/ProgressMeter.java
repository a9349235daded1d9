package org.zaploop.ingest.replay;

import java.util.Locale;

/**
 * The replay's progress line: frames done of total, rate, × real time and ETA. On a terminal one line is
 * rewritten in place ({@code \r}) at most five times a second; otherwise a full line is printed every few
 * seconds. Plain Java: {@link #line} decides, the caller prints.
 */
public final class ProgressMeter {

    private final long total;
    private final double periodS;
    private final boolean terminal;
    private final long intervalNs;
    private final long startNs;
    private long lastNs = Long.MIN_VALUE;

    /**
     * @param total    frames to do (0 if unknown, e.g. looping)
     * @param periodS  seconds per frame of the original, for the × real time figure
     * @param terminal whether the output is a terminal (in-place updates)
     * @param startNs  {@code System.nanoTime()} at the start
     */
    public ProgressMeter(long total, double periodS, boolean terminal, long startNs) {
        this.total = total;
        this.periodS = periodS;
        this.terminal = terminal;
        this.intervalNs = terminal ? 200_000_000L : 5_000_000_000L;
        this.startNs = startNs;
    }

    /** The text to print now (with its {@code \r} or newline), or null if it is not yet time. */
    public String line(long done, long nowNs) {
        if (lastNs != Long.MIN_VALUE && nowNs - lastNs < intervalNs) {
            return null;
        }
        lastNs = nowNs;
        return format(done, nowNs) + (terminal ? "\r" : "\n");
    }

    /** The final line (always), ending the in-place line on a terminal. */
    public String last(long done, long nowNs) {
        return format(done, nowNs) + "\n";
    }

    String format(long done, long nowNs) {
        double s = Math.max(1e-9, (nowNs - startNs) / 1e9);
        double rate = done / s;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "replay %d/%s frames", done, total > 0 ? Long.toString(total) : "?"));
        if (total > 0) {
            b.append(String.format(Locale.ROOT, " %3.0f%%", 100.0 * done / total));
        }
        b.append(String.format(Locale.ROOT, "  %.1f frames/s  %.1fx real time", rate, rate * periodS));
        if (total > 0 && rate > 0 && done < total) {
            b.append("  ETA ").append(clock((total - done) / rate));
        } else {
            b.append("  elapsed ").append(clock(s));
        }
        return b.toString();
    }

    static String clock(double seconds) {
        long t = Math.round(seconds);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
