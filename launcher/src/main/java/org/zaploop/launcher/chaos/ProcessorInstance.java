package org.zaploop.launcher.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stream-processor instance as an operating-system process of its own: {@code zaploop run COMPONENT --replay}
 * against the scenario's broker (exactly-once, its own state directory, a 6 s session timeout so a killed member's
 * partitions move on quickly, tasks spread evenly at once), started with this JVM's class path. Its output goes to {@code <dir>/process.log};
 * its newest status line is kept for its figures. {@link #kill()} sends SIGKILL ({@link Process#destroyForcibly()}
 * on Linux): no commit, no flush, no leaving the group.
 */
final class ProcessorInstance implements AutoCloseable {

    static final String SESSION_TIMEOUT_MS = "6000";
    /**
     * Spreads stateful tasks over the instances at once. Kafka's default (high-availability) assignor leaves them
     * with the instance whose state is caught up and moves them only after a warm-up and a probing rebalance (10
     * min): the second instance would run only the stateless re-keying tasks, and a kill would never hit frames
     * being assembled.
     */
    static final String BALANCING_ASSIGNOR = "org.apache.kafka.streams.processor.assignment.assignors.StickyTaskAssignor";

    private final String name;
    private final Process process;
    private volatile String status = "";

    private ProcessorInstance(String name, Process process, Path log) throws IOException {
        this.name = name;
        this.process = process;
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); out) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.println(line);
                    if (line.contains("{processor=")) {
                        status = line;
                    }
                }
            } catch (IOException e) {
                // the process is gone; its log ends here
            }
        }, "chaos-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code zaploop run component} as instance {@code name}, its files under {@code dir}. */
    static ProcessorInstance start(String name, String component, String bootstrap, Path dir, String heap)
            throws IOException {
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "org.zaploop.launcher.ZapLoop",
                "run", component, "--bootstrap", bootstrap, "--replay", "--metrics-port", "-1",
                "--work-dir", dir.resolve("work").toString(),
                "--streams-config", "state.dir=" + dir.resolve("state"),
                "--streams-config", "session.timeout.ms=" + SESSION_TIMEOUT_MS,
                "--streams-config", "heartbeat.interval.ms=1000",
                "--streams-config", "task.assignor.class=" + BALANCING_ASSIGNOR));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new ProcessorInstance(name, p, dir.resolve("process.log"));
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** A numeric figure of the newest status line ({@code tables}, {@code traceBlocks} …), −1 before there is one. */
    long figure(String figure) {
        Matcher m = Pattern.compile("[{ ]" + Pattern.quote(figure) + "=(\\d+)").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A clean stop (SIGTERM: the processor commits and leaves its group), SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
