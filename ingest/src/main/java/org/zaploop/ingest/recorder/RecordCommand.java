package org.zaploop.ingest.recorder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop record --session S --out DIR}: records one session from Kafka into a session archive (reads
 * {@code zl.imaging.planes}, {@code zl.ephys.blocks}, {@code zl.rig.events}, {@code zl.traces},
 * {@code zl.segmentation}; writes rejected records to {@code zl.dlq}). Run it again on the same directory after
 * a crash and it continues where it stopped. Exit codes: 0 ok, 1 failure (the message says why), 2 usage.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record a session from Kafka into a session archive (zarr v3).",
                "Stops at Ctrl-C, after --duration, or when the session's SESSION_END event is recorded and every "
                        + "topic is read to its end. Re-run on the same --out to resume an interrupted recording."})
public final class RecordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--session", required = true, description = "Session id to record.")
    String session;

    @Option(names = "--out", required = true, description = "Archive directory (created, or resumed).")
    Path out;

    @Option(names = "--duration", description = "Stop after this long: 90s, 5m, 2h, or seconds.")
    String duration;

    @Option(names = "--neurons", defaultValue = "0",
            description = "Neuron count of the traces if no SESSION_START event or segmentation says it.")
    int neurons;

    @Option(names = "--volume-period", defaultValue = "0",
            description = "Seconds per volume if no SESSION_START event says it (default: ZAPBench's 0.9141).")
    double volumePeriod;

    @Option(names = "--keep-running", description = "Do not stop at the session's end.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Duration d;
        RecorderSettings settings;
        try {
            d = duration == null ? null : parseDuration(duration);
            settings = RecorderSettings.of(session, this.out).withNeurons(neurons).withVolumePeriod(volumePeriod);
        } catch (IllegalArgumentException e) {
            err.println("record: " + e.getMessage());
            return 2;
        }
        Recorder r = new Recorder(bootstrap, settings, d, !keepRunning, new Properties());
        try {
            r.start();
        } catch (IOException e) {
            err.println("record: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(r::close, "zaploop-record-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long lastReport = System.nanoTime();
        while (!r.awaitDone(Duration.ofSeconds(1))) {
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                err.println("record " + session + ": " + Recorder.summary(r.stats()));
                err.flush();
                lastReport = System.nanoTime();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        if (r.failure() != null) {
            err.println("record: " + plain(r.failure()));
            return 1;
        }
        out.println("Recorded " + session + " into " + this.out + (r.stopReason().isEmpty() ? ""
                : " (" + r.stopReason() + ")") + ": " + Recorder.summary(r.stats()));
        out.flush();
        return 0;
    }

    static String plain(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** {@code 90s}, {@code 5m}, {@code 2h}, {@code 1.5} (seconds) or ISO-8601 {@code PT5M}. */
    public static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(s.trim().toUpperCase(java.util.Locale.ROOT));
            }
            double mult = 1;
            if (t.endsWith("ms")) {
                mult = 0.001;
                t = t.substring(0, t.length() - 2);
            } else if (t.endsWith("s")) {
                t = t.substring(0, t.length() - 1);
            } else if (t.endsWith("m")) {
                mult = 60;
                t = t.substring(0, t.length() - 1);
            } else if (t.endsWith("h")) {
                mult = 3600;
                t = t.substring(0, t.length() - 1);
            }
            double v = Double.parseDouble(t) * mult;
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(Math.round(v * 1e9));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (use 90s, 5m, 2h or seconds)");
        }
    }
}
