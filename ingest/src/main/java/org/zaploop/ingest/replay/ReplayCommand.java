package org.zaploop.ingest.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.zaploop.ingest.recorder.RecordCommand;

/**
 * {@code zaploop replay DIR}: publishes a session archive (or a ZAPBench traces layout) to the ZapLoop topics
 * again with its original timing × speed, under a new session id. Progress goes to stderr, the summary to
 * stdout. Exit codes: 0 ok, 1 failure (unreadable archive, broker problem: the message says which), 2 usage.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a recorded session (or ZAPBench traces) into Kafka with its original timing.",
                "Publishes zl.imaging.planes, zl.ephys.blocks, zl.traces and zl.rig.events under a new session id."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The archive directory.")
    Path dir;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--speed", defaultValue = "1",
            description = "1 = real time, 10 = ten times faster, max = as fast as possible (default ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--from", description = "Start at this session time: 90s, 5m, or seconds (default: the start).")
    String from;

    @Option(names = "--to", description = "Stop at this session time (default: the end).")
    String to;

    @Option(names = "--loop", description = "Start again at the end, until interrupted.")
    boolean loop;

    @Option(names = "--streams", defaultValue = "planes,ephys,traces,events",
            description = "What to publish (default ${DEFAULT-VALUE}).")
    String streams;

    @Option(names = "--session", description = "Session id of the replay (default: <original>-replay-<n>).")
    String session;

    @Option(names = "--zapbench", description = "Treat DIR as ZAPBench traces: publish zl.traces only.")
    boolean zapbench;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReplayOptions o;
        try {
            o = new ReplayOptions(dir, parseSpeed(speed),
                    from == null ? 0 : RecordCommand.parseDuration(from).toNanos() / 1e9,
                    to == null ? Double.POSITIVE_INFINITY : RecordCommand.parseDuration(to).toNanos() / 1e9,
                    loop, ReplayStream.parse(streams), session, zapbench);
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.flush();
            return 2;
        }
        PrintStream progress = System.err;
        Replay r = new Replay(bootstrap, o, progress, System.console() != null, new Properties());
        Thread hook = new Thread(r::close, "zaploop-replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ReplayResult res = r.run();
            out.println(Replay.summary(res));
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("replay: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down
            }
        }
    }

    /** {@code max}, or a positive number (an optional trailing {@code x}: {@code 10x}). */
    public static double parseSpeed(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--speed must be a positive number or max, got '" + s + "'");
    }
}
