package org.zaploop.launcher.chaos;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.zaploop.launcher.cli.BenchBroker;
import org.zaploop.launcher.cli.Json;
import org.zaploop.processors.chaos.OutputLedger;
import org.zaploop.processors.forecast.topology.ForecastConfig;
import org.zaploop.processors.imaging.topology.ImagingConfig;

/**
 * {@code zaploop chaos processor-kill}: fault scenario 1. A recorded virtual-fish session is replayed (planes →
 * imaging → traces → forecasts) twice, each time into a fresh embedded broker: once through one uninterrupted
 * instance of each stream processor (the reference), once through two instances of each, processes of their own,
 * of which a random one is killed with SIGKILL at random moments of the stream and started again. Verdict: the
 * killed run's committed traces and forecasts (read_committed) equal the reference's — every (session, frame,
 * block[, forecaster]) record present once, its bytes equal — and every kill fell while both instances of the
 * killed processor held partitions and the output was still incomplete. Exit codes: 0 pass, 1 fail, 2 usage.
 */
@Command(name = "processor-kill", mixinStandardHelpOptions = true,
        description = "SIGKILL stream-processor instances at random moments of a replay (a second instance running): "
                + "the traces and forecasts must equal an uninterrupted run's bit for bit, none missing or duplicated.")
public final class ProcessorKillScenario implements Callable<Integer> {

    private static final String IMAGING_GROUP = "zaploop-imaging";
    private static final String FORECAST_GROUP = "zaploop-forecast";

    @Option(names = "--kills", defaultValue = "5", description = "SIGKILLs during the replay (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the fish, of the kill moments and of the instances killed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--frames", defaultValue = "60", description = "Volumes recorded and replayed (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--sessions", defaultValue = "3",
            description = "Session ids the recording is replayed under, spread over imaging's assembly partitions "
                    + "(default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--coarsen", defaultValue = "4",
            description = "The demo's small brain this many times coarser in x, y and z (4: 128 × 83 × 6 planes, "
                    + "625 neurons; 2: 256 × 166 × 12, 2,500; default: ${DEFAULT-VALUE}).")
    int coarsen;

    @Option(names = "--timeout", defaultValue = "20", description = "Minutes each run may take (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Option(names = "--json", description = "Print one JSON object instead of the verdict table.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** One kill: which instance, when (share of the expected output committed then) and who held partitions. */
    record Kill(int n, String instance, double progress, int membersWithPartitions, boolean duringStream) {
    }

    /** What a run committed, and its kills. */
    record Run(OutputLedger traces, OutputLedger forecasts, List<Kill> kills, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        if (kills < 0 || frames < 40 || sessions < 1 || coarsen < 1 || timeoutMinutes < 1) {
            throw new ParameterException(spec.commandLine(),
                    "need --kills >= 0, --frames >= 40, --sessions >= 1, --coarsen >= 1, --timeout >= 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        Path tmp = Files.createTempDirectory("zaploop-chaos-processor-kill");
        try {
            err.printf("recording %d volumes of the virtual fish (small brain, %d× coarser)…%n", frames, coarsen);
            err.flush();
            // both replays start at this (recent) time: their records are identical and within retention
            long startNs = System.currentTimeMillis() / 1000 * 1_000_000_000L;
            RecordedSession rec = RecordedSession.record(tmp.resolve("archive"), coarsen, seed, frames, sessions,
                    ImagingConfig.defaults().assemblyPartitions(), startNs);
            ForecastConfig fc = ForecastConfig.defaults(4);
            long traces = (long) rec.sessions().size() * frames * rec.blocks();
            long forecasts = (long) rec.sessions().size() * rec.blocks() * fc.forecasters().size()
                    * (frames - fc.context() + 1);
            err.printf("replaying %d sessions × %d volumes (%d × %d × %d, %d neurons): %d trace blocks, %d forecast "
                            + "blocks expected%n", rec.sessions().size(), frames, rec.meta().width(),
                    rec.meta().height(), rec.meta().depth(), rec.neurons(), traces, forecasts);
            err.printf("reference run: one instance of each processor, uninterrupted…%n");
            err.flush();
            Run reference = run(tmp.resolve("reference"), rec, traces, forecasts, 0, err);
            err.printf("killed run: two instances of each processor, %d SIGKILLs…%n", kills);
            err.flush();
            Run killed = run(tmp.resolve("killed"), rec, traces, forecasts, kills, err);
            return report(reference, killed, traces, forecasts, rec);
        } finally {
            deleteTree(tmp);
        }
    }

    /** One replay through the processors; with kills, two instances of each and the kills at random moments. */
    private Run run(Path dir, RecordedSession rec, long traces, long forecasts, int killCount, PrintWriter err)
            throws Exception {
        Random rnd = new Random(seed * 31 + killCount);
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(timeoutMinutes).toNanos();
        int perProcessor = killCount > 0 ? 2 : 1;
        List<ProcessorInstance> live = new ArrayList<>();
        List<Kill> done = new ArrayList<>();
        int[] started = new int[1];
        try (BenchBroker broker = BenchBroker.start();
             CommittedOutput out = new CommittedOutput(broker.bootstrap());
             Admin admin = Admin.create(adminProps(broker.bootstrap()))) {
            String b = broker.bootstrap();
            // the tables first, and in the imaging processor, before a single plane can find a session without one
            ProcessorInstance firstImaging = start("imaging-1", "imaging", b, dir, started);
            live.add(firstImaging);
            rec.publishTables(b);
            await(() -> firstImaging.figure("tables") >= rec.sessions().size(), deadline,
                    "the imaging processor did not take up the neuron tables", firstImaging);
            for (int i = 2; i <= perProcessor; i++) {
                live.add(start("imaging-" + i, "imaging", b, dir, started));
            }
            for (int i = 1; i <= perProcessor; i++) {
                live.add(start("forecast-" + i, "forecast", b, dir, started));
            }
            AtomicReference<Exception> publishFailure = new AtomicReference<>();
            // the volumes go out in killCount + 1 stretches, the next only after the kill in the one before (and
            // the restart) is done: every kill falls within the stream, however slow a restart is
            java.util.concurrent.atomic.AtomicLong released = new java.util.concurrent.atomic.AtomicLong(
                    stretchEnd(0, killCount));
            Thread planes = new Thread(() -> {
                try {
                    rec.publishPlanes(b, f -> {
                        try {
                            await(() -> f < released.get(), deadline, "the replay was not released", null);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                } catch (Exception e) {
                    publishFailure.set(e);
                }
            }, "chaos-replay");
            planes.start();
            // kill k at a random moment of the output of stretch k
            double[] moments = new double[killCount];
            for (int k = 0; k < killCount; k++) {
                moments[k] = (k + 0.2 + 0.6 * rnd.nextDouble()) / (killCount + 1);
            }
            long expected = traces + forecasts;
            Map<String, java.util.Set<String>> holdersBeforeKill = new java.util.HashMap<>();
            for (int k = 0; k < killCount; k++) {
                double moment = moments[k];
                await(() -> (out.traces().size() + out.forecasts().size()) >= moment * expected, deadline,
                        "the output stopped growing before kill " + (k + 1), null);
                int victim = rnd.nextInt(live.size());
                ProcessorInstance v = live.get(victim);
                String component = v.name().startsWith("imaging") ? "imaging" : "forecast";
                String group = component.equals("imaging") ? IMAGING_GROUP : FORECAST_GROUP;
                // a second instance running: two live instances hold the victim's group's partitions before it is
                // killed — after an earlier kill in this group, one of them new (the restarted one has rejoined and
                // the dead one's session has expired)
                java.util.Set<String> before = holdersBeforeKill.get(group);
                await(() -> {
                    java.util.Set<String> now = instancesWithPartitions(admin, group);
                    return now.size() == 2 && (before == null || !before.containsAll(now));
                }, deadline, "the two instances of " + component + " did not share its partitions", null);
                java.util.Set<String> holders = instancesWithPartitions(admin, group);
                holdersBeforeKill.put(group, holders);
                int members = holders.size();
                double progress = (out.traces().size() + out.forecasts().size()) / (double) expected;
                v.kill();
                boolean during = out.traces().size() < traces || out.forecasts().size() < forecasts;
                done.add(new Kill(k + 1, v.name(), progress, members, during));
                err.printf("  kill %d: SIGKILL to %s at %.0f%% of the output (%d instances held partitions); "
                        + "started again%n", k + 1, v.name(), 100 * progress, members);
                err.flush();
                live.set(victim, start(v.name(), component, b, dir, started));
                released.set(stretchEnd(k + 1, killCount));
            }
            await(() -> out.traces().size() >= traces && out.forecasts().size() >= forecasts
                            || publishFailure.get() != null || out.failure() != null, deadline,
                    "the output did not complete", null);
            planes.join();
            if (publishFailure.get() != null) {
                throw new IllegalStateException("replaying the planes failed: " + publishFailure.get().getMessage(),
                        publishFailure.get());
            }
            if (out.failure() != null) {
                throw new IllegalStateException("reading the output failed: " + out.failure().getMessage(),
                        out.failure());
            }
            // a last look: anything committed late (a duplicate, say) must be counted too
            long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            await(() -> System.nanoTime() >= settle, deadline, "", null);
            return new Run(out.traces(), out.forecasts(), done, (System.nanoTime() - t0) / 1e9);
        } finally {
            for (ProcessorInstance p : live) {
                p.close();
            }
        }
    }

    /** The frames of stretches 0 … k of killCount + 1. */
    private long stretchEnd(int k, int killCount) {
        return (long) frames * (k + 1) / (killCount + 1);
    }

    private ProcessorInstance start(String name, String component, String bootstrap, Path dir, int[] started)
            throws java.io.IOException {
        started[0]++;
        return ProcessorInstance.start(name, component, bootstrap, dir.resolve(name + "-" + started[0]),
                component.equals("imaging") ? "512m" : "384m");
    }

    /**
     * Instances (processes) of a processor whose consumers hold at least one partition of its group now (none if
     * the broker cannot say). A Streams instance has a consumer per stream thread, client id
     * {@code <application>-<process id>-StreamThread-<n>-consumer}.
     */
    private static java.util.Set<String> instancesWithPartitions(Admin admin, String group) {
        java.util.Set<String> instances = new java.util.HashSet<>();
        try {
            for (MemberDescription m : admin.describeConsumerGroups(List.of(group)).all().get().get(group)
                    .members()) {
                if (!m.assignment().topicPartitions().isEmpty()) {
                    instances.add(m.clientId().replaceAll("-StreamThread-\\d+-consumer$", ""));
                }
            }
            return instances;
        } catch (java.util.concurrent.ExecutionException e) {
            return java.util.Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Set.of();
        }
    }

    private static Properties adminProps(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    /** Polls {@code done} every 100 ms until it holds; fails with {@code what} at the deadline. */
    private static void await(BooleanSupplier done, long deadline, String what, ProcessorInstance watched)
            throws InterruptedException {
        Object lock = new Object();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline || watched != null && !watched.alive()) {
                throw new IllegalStateException(what + (watched != null && !watched.alive()
                        ? " (" + watched.name() + " exited)" : " in time"));
            }
            synchronized (lock) {
                lock.wait(100);
            }
        }
    }

    private int report(Run reference, Run killed, long traces, long forecasts, RecordedSession rec) {
        OutputLedger.Comparison ct = killed.traces().compare(reference.traces());
        OutputLedger.Comparison cf = killed.forecasts().compare(reference.forecasts());
        boolean referenceComplete = reference.traces().size() == traces && reference.forecasts().size() == forecasts
                && reference.traces().duplicates() == 0 && reference.forecasts().duplicates() == 0;
        boolean allKills = killed.kills().size() == kills;
        boolean during = killed.kills().stream().allMatch(Kill::duringStream);
        boolean parallel = killed.kills().stream().allMatch(k -> k.membersWithPartitions() >= 2);
        boolean pass = referenceComplete && ct.equal() && cf.equal() && allKills && during && parallel;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", "processor-kill");
            m.put("verdict", pass ? "PASS" : "FAIL");
            m.put("seed", seed);
            m.put("sessions", rec.sessions().size());
            m.put("frames", frames);
            m.put("neurons", rec.neurons());
            m.put("referenceComplete", referenceComplete);
            m.put("traces", comparison(ct));
            m.put("forecasts", comparison(cf));
            List<Map<String, Object>> ks = new ArrayList<>();
            for (Kill k : killed.kills()) {
                Map<String, Object> km = new LinkedHashMap<>();
                km.put("instance", k.instance());
                km.put("progress", Math.round(k.progress() * 1000) / 1000.0);
                km.put("instancesHoldingPartitions", k.membersWithPartitions());
                km.put("duringStream", k.duringStream());
                ks.add(km);
            }
            m.put("kills", ks);
            m.put("referenceSeconds", Math.round(reference.seconds() * 10) / 10.0);
            m.put("killedSeconds", Math.round(killed.seconds() * 10) / 10.0);
            out.println(Json.write(m));
        } else {
            out.printf("Chaos: processor kill (%d sessions × %d volumes, %d neurons, seed %d)%n",
                    rec.sessions().size(), frames, rec.neurons(), seed);
            row(out, "reference run complete", referenceComplete, String.format(Locale.ROOT,
                    "%d trace blocks, %d forecast blocks, no duplicate (%.0f s)", reference.traces().size(),
                    reference.forecasts().size(), reference.seconds()));
            row(out, "kills", allKills && during && parallel, String.format(Locale.ROOT,
                    "%d SIGKILLs, %d while the output was incomplete, %d while both instances held partitions "
                            + "(%.0f s)", killed.kills().size(),
                    killed.kills().stream().filter(Kill::duringStream).count(),
                    killed.kills().stream().filter(k -> k.membersWithPartitions() >= 2).count(), killed.seconds()));
            for (Kill k : killed.kills()) {
                out.printf(Locale.ROOT, "      kill %d: %-11s at %3.0f%% of the output%n", k.n(), k.instance(),
                        100 * k.progress());
            }
            row(out, "traces equal bit for bit", ct.equal(), describe(ct));
            row(out, "forecasts equal bit for bit", cf.equal(), describe(cf));
            out.printf("Verdict: %s%n", pass ? "PASS" : "FAIL");
        }
        out.flush();
        return pass ? 0 : 1;
    }

    private static void row(PrintWriter out, String what, boolean ok, String detail) {
        out.printf(Locale.ROOT, "  %-4s  %-28s %s%n", ok ? "PASS" : "FAIL", what, detail);
    }

    private static String describe(OutputLedger.Comparison c) {
        return String.format(Locale.ROOT, "%d expected: %d missing, %d duplicated, %d differing, %d extra%s",
                c.expected(), c.missing(), c.duplicated(), c.differing(), c.extra(),
                c.examples().isEmpty() ? "" : " (e.g. " + String.join(", ", c.examples()) + ")");
    }

    private static Map<String, Object> comparison(OutputLedger.Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("equal", c.equal());
        m.put("expected", c.expected());
        m.put("missing", c.missing());
        m.put("duplicated", c.duplicated());
        m.put("differing", c.differing());
        m.put("extra", c.extra());
        m.put("examples", c.examples());
        return m;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
