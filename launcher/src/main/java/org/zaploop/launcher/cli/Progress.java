package org.zaploop.launcher.cli;

import java.io.PrintWriter;

/**
 * A progress line for long jobs: done/total, rate and time left. Redrawn in place on a terminal; on a pipe or
 * log, printed as a new line at most every five seconds.
 */
public final class Progress {

    private final PrintWriter err;
    private final String unit;
    private final long total;
    private final long start = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private long lastPrint;
    private long lastDone = -1;

    public Progress(PrintWriter err, String unit, long total) {
        this.err = err;
        this.unit = unit;
        this.total = total;
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (done == lastDone || (done < total && now - lastPrint < (terminal ? 200_000_000L : 5_000_000_000L))) {
            return;
        }
        lastPrint = now;
        lastDone = done;
        double s = (now - start) / 1e9;
        double rate = done / Math.max(s, 1e-9);
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        int width = 30;
        int filled = (int) (width * done / Math.max(1, total));
        String line = String.format("[%s%s] %d/%d %s  %.1f/s  ETA %s", "#".repeat(filled), " ".repeat(width - filled),
                done, total, unit, rate, Double.isNaN(eta) ? "?" : String.format("%.0f s", eta));
        err.print(terminal ? "\r" + line : line + System.lineSeparator());
        err.flush();
    }

    public void done() {
        update(total);
        if (terminal) {
            err.println();
        }
        err.flush();
    }
}
