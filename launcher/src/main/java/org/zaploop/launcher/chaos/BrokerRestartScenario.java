package org.zaploop.launcher.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.zaploop.controller.safety.SafetyLimits;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.launcher.components.Component;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;
import org.zaploop.sim.fish.FishGeometry;

/**
 * Fault 2, the broker restarted mid-stream: the demo's loop (virtual fish → processors → controller → fish) runs
 * on the embedded broker; the broker is stopped, stays down for the outage, and starts again on the same data
 * directory and port. No component is restarted. Verdicts, from {@code zl.audit} and the topics' time indexes:
 * <ul>
 *   <li>every component resumes by itself: no failure in its status, and records it produced after the restart
 *       (acquired after the broker was back) on its output topic;</li>
 *   <li>during the outage the controller acts on no stale data (no ISSUED decision whose newest input is older
 *       than the behaviour age limit; none at all between the limit's expiry and the broker's return) and goes to
 *       its safe state (a SAFE_STATE decision inside the outage);</li>
 *   <li>afterwards the loop closes again: ISSUED commands based on behaviour acquired after the restart.</li>
 * </ul>
 * Reads {@code zl.audit}, the time indexes of {@code zl.imaging.planes}, {@code zl.ephys.blocks},
 * {@code zl.behavior}, {@code zl.traces}, {@code zl.forecasts}, {@code zl.stimulus.commands}; writes nothing itself.
 */
public final class BrokerRestartScenario {

    /** Which topic shows that a component produces again. */
    private static final Map<String, String> OUTPUT = Map.of("fish", Topics.PLANES.name(), "imaging",
            Topics.TRACES.name(), "behavior", Topics.BEHAVIOR.name(), "forecast", Topics.FORECASTS.name(),
            "controller", Topics.STIMULUS_COMMANDS.name(), "twin", Topics.SIM_ACTIVITY.name());

    /**
     * @param dataDir    the broker's data directory (kept across the restart)
     * @param geometry   the virtual fish
     * @param components the loop's components, in start order (fish first, controller last)
     * @param warmup     longest wait for the loop to run (every component producing) before the fault
     * @param running    how long the closed loop runs before the fault
     * @param outage     how long the broker stays down
     * @param recovery   longest wait for every component to produce again after the restart
     * @param during     when the broker stops: once every component produces, or while the slower ones start
     */
    public record Options(Path dataDir, FishGeometry geometry, List<String> components, Duration warmup,
                          Duration running, Duration outage, Duration recovery, Phase during) {

        /** The same fault in a running loop, the scenario's usual case. */
        public Options(Path dataDir, FishGeometry geometry, List<String> components, Duration warmup,
                       Duration running, Duration outage, Duration recovery) {
            this(dataDir, geometry, components, warmup, running, outage, recovery, Phase.RUNNING);
        }

        public Options {
            if (!components.contains("fish") || !components.contains("controller")) {
                throw new IllegalArgumentException("the loop needs at least the fish and the controller, got "
                        + components);
            }
            for (String c : components) {
                if (!OUTPUT.containsKey(c)) {
                    throw new IllegalArgumentException("unknown component '" + c + "'; one of " + OUTPUT.keySet());
                }
            }
        }
    }

    /** When the broker stops. */
    public enum Phase {
        /** Every component produces and the controller issues commands. */
        RUNNING,
        /**
         * The controller issues commands (the fish and the behaviour stage run), and the Kafka Streams processors,
         * which start last, may still be creating their topics, joining their group or initialising their
         * transactions: a broker lost in the middle of that first start.
         */
        START_UP
    }

    private final Options o;
    private final Consumer<String> progress;

    public BrokerRestartScenario(Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
    }

    public ChaosReport run() throws Exception {
        String session = "chaos-broker-restart";
        EmbeddedBroker broker = EmbeddedBroker.start(o.dataDir().resolve("broker"), 0);
        String bootstrap = broker.bootstrapServers();
        try (ProcessMeters meters = new ProcessMeters()) {
            try (Admin admin = admin(bootstrap)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            ComponentContext ctx = new ComponentContext(bootstrap, session, "small", o.dataDir().resolve("work"),
                    meters.registry());
            try (ChaosLoop loop = ChaosLoop.start(ctx, o.geometry(), o.components())) {
                Component controller = loop.get("controller");
                // the fault must hit a running loop: the controller issues commands AND every component has
                // produced (the imaging processor starts last, seconds after the loop first closes on behaviour;
                // a broker lost in the middle of a Streams application's first start is another fault, chosen
                // with Phase.START_UP)
                Map<String, Long> produced = new LinkedHashMap<>();
                boolean closed;
                try (Admin admin = admin(bootstrap)) {
                    closed = ChaosClock.until(() -> {
                        produced.putAll(freshRecords(admin, 0));
                        boolean issuing = ChaosLoop.issued(controller) > 0;
                        return o.during() == Phase.START_UP ? issuing : issuing
                                && produced.size() == o.components().size()
                                && produced.values().stream().allMatch(n -> n > 0);
                    }, o.warmup());
                }
                if (o.during() == Phase.START_UP) {
                    progress.accept(closed ? "The loop is closed on behaviour (records so far: " + produced
                            + "); stopping the broker " + o.running().toSeconds() + " s later, while the processors "
                            + "start" : "The loop did not close within " + o.warmup().toSeconds()
                            + " s; stopping the broker anyway");
                } else {
                    progress.accept(closed ? "The loop is running (every component produces, the controller "
                            + "issues commands); running " + o.running().toSeconds() + " s more before stopping "
                            + "the broker" : "The loop was not running within " + o.warmup().toSeconds()
                            + " s (records so far: " + produced + "); stopping the broker anyway");
                }
                ChaosClock.hold(o.running());
                long stoppingNs = ZapLoopClock.nowNs();
                broker.close();
                long downNs = ZapLoopClock.nowNs(); // serving clients until its shutdown completes
                progress.accept("Broker stopped; it stays down " + o.outage().toSeconds() + " s");
                ChaosClock.hold(o.outage());
                long restartNs = ZapLoopClock.nowNs();
                broker = EmbeddedBroker.start(o.dataDir().resolve("broker"), 0);
                long upNs = ZapLoopClock.nowNs();
                progress.accept("Broker back at " + broker.bootstrapServers() + "; waiting for every component");
                Map<String, Long> fresh = new LinkedHashMap<>();
                try (Admin admin = admin(bootstrap)) {
                    ChaosClock.until(() -> {
                        fresh.putAll(freshRecords(admin, restartNs / 1_000_000));
                        return fresh.size() == o.components().size() && fresh.values().stream().allMatch(n -> n > 0);
                    }, o.recovery());
                    // the loop closes again only with a command on behaviour acquired after the restart: the fresh
                    // records above can all be there a second after the restart, before the controller has had one
                    long leftNs = o.recovery().toNanos() - (ZapLoopClock.nowNs() - restartNs);
                    ChaosClock.until(() -> closedAgain(TopicSnapshot.read(bootstrap, Topics.AUDIT,
                            Duration.ofSeconds(10)).stream().map(ConsumerRecord::value)
                            .filter(a -> a.session().equals(session)).toList(), restartNs),
                            Duration.ofNanos(Math.max(0, leftNs)));
                    long settledNs = ZapLoopClock.nowNs();
                    List<ChaosVerdict> checks = new ArrayList<>();
                    for (Map.Entry<String, Component> e : loop.all().entrySet()) {
                        String trouble = ChaosLoop.trouble(e.getValue());
                        long n = fresh.getOrDefault(e.getKey(), 0L);
                        // a component that stays silent says what it is doing, so a failed run can be read
                        String detail = trouble != null ? "; " + trouble
                                : n == 0 ? "; its status: " + e.getValue().status() : "";
                        checks.add(ChaosVerdict.of(e.getKey() + " resumed by itself", trouble == null && n > 0,
                                "%d records on %s acquired after the restart%s", n, OUTPUT.get(e.getKey()), detail));
                    }
                    if (checks.stream().anyMatch(c -> !c.passed())) {
                        progress.accept("A component did not resume; what its stream threads are doing:\n"
                                + ChaosLoop.streamThreads());
                    }
                    List<AuditRecord> audit = TopicSnapshot.read(bootstrap, Topics.AUDIT, Duration.ofSeconds(60))
                            .stream().map(ConsumerRecord::value).filter(a -> a.session().equals(session)).toList();
                    checks.addAll(judgeDecisions(audit, downNs, restartNs));
                    Map<String, Object> figures = new LinkedHashMap<>();
                    figures.put("brokerStopS", ChaosClock.seconds(downNs - stoppingNs));
                    figures.put("outageS", ChaosClock.seconds(restartNs - downNs));
                    figures.put("brokerStartS", ChaosClock.seconds(upNs - restartNs));
                    figures.put("recoveryS", ChaosClock.seconds(settledNs - restartNs));
                    figures.put("decisions", audit.size());
                    Map<String, Long> refusals = new java.util.TreeMap<>();
                    audit.stream().filter(a -> a.decision() == Decision.REFUSED)
                            .forEach(a -> refusals.merge(a.rule(), 1L, Long::sum));
                    figures.put("refusalsByRule", refusals);
                    figures.put("components", String.join(",", o.components()));
                    figures.put("during", o.during().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                    return new ChaosReport("broker-restart", checks, figures);
                }
            } finally {
                broker.close();
            }
        }
    }

    /**
     * The verdicts on the controller's decisions around an outage: the broker had stopped at {@code downNs} (its
     * shutdown complete) and was started again at {@code upNs} (it takes clients from some point of its start-up on).
     */
    static List<ChaosVerdict> judgeDecisions(List<AuditRecord> audit, long downNs, long upNs) {
        long maxAgeNs = SafetyLimits.defaults().maxBehaviorAgeMs() * 1_000_000L;
        List<AuditRecord> issued = audit.stream().filter(a -> a.decision() == Decision.ISSUED
                && !"manual".equals(a.policy())).toList();
        long stale = issued.stream().filter(a -> a.decidedNs() - a.acquisitionNs() > maxAgeNs).count();
        long inOutage = issued.stream().filter(a -> a.decidedNs() > downNs + maxAgeNs && a.decidedNs() < upNs).count();
        long safe = audit.stream().filter(a -> a.decision() == Decision.SAFE_STATE && a.decidedNs() >= downNs
                && a.decidedNs() < upNs).count();
        // what the rig was told last when the broker came back: the safe state, or a command
        AuditRecord current = audit.stream().filter(a -> a.decidedNs() < upNs && (a.decision() == Decision.SAFE_STATE
                || a.decision() == Decision.ISSUED)).reduce((a, b) -> b).orElse(null);
        boolean safeAtReturn = current != null && current.decision() == Decision.SAFE_STATE;
        long after = issued.stream().filter(a -> a.acquisitionNs() > upNs).count();
        long firstAfterNs = issued.stream().filter(a -> a.acquisitionNs() > upNs).mapToLong(AuditRecord::decidedNs)
                .min().orElse(-1);
        long before = issued.stream().filter(a -> a.decidedNs() < downNs).count();
        String lastBefore = audit.stream().filter(a -> a.decidedNs() < downNs && a.command() != null)
                .reduce((a, b) -> b).map(a -> a.decision() + " " + a.command().stimulus()).orElse("none");
        Map<String, Long> outageRules = new java.util.TreeMap<>();
        audit.stream().filter(a -> a.decidedNs() >= downNs && a.decidedNs() < upNs)
                .forEach(a -> outageRules.merge(a.decision() + "/" + a.rule(), 1L, Long::sum));
        List<ChaosVerdict> v = new ArrayList<>();
        v.add(ChaosVerdict.of("loop closed before the fault", before > 0, "%d commands issued before the broker stopped",
                before));
        v.add(ChaosVerdict.of("no command on stale data", stale == 0 && inOutage == 0,
                "%d of %d commands issued on inputs older than %d ms; %d issued during the outage", stale,
                issued.size(), maxAgeNs / 1_000_000, inOutage));
        v.add(ChaosVerdict.of("safe state during the outage", safeAtReturn,
                "%d SAFE_STATE decisions while the broker was down, the rig's current command at its return: %s "
                        + "(last command before: %s; decisions while down: %s)", safe,
                current == null ? "none" : current.decision() + " (" + current.rule() + ")", lastBefore, outageRules));
        v.add(ChaosVerdict.of("loop closes again", after > 0,
                "%d commands on behaviour acquired after the restart, the first %.1f s after the broker was back",
                after, firstAfterNs < 0 ? Double.NaN : (firstAfterNs - upNs) / 1e9));
        return v;
    }

    /** Whether the controller issued a command on behaviour acquired after {@code upNs} (the loop closed again). */
    static boolean closedAgain(List<AuditRecord> audit, long upNs) {
        return audit.stream().anyMatch(a -> a.decision() == Decision.ISSUED && !"manual".equals(a.policy())
                && a.acquisitionNs() > upNs);
    }

    /** How many records each component's output topic holds with a timestamp at or after {@code sinceMs}. */
    private Map<String, Long> freshRecords(Admin admin, long sinceMs) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (String c : o.components()) {
                String topic = OUTPUT.get(c);
                List<TopicPartition> parts = admin.describeTopics(List.of(topic)).allTopicNames().get()
                        .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, OffsetSpec> since = new LinkedHashMap<>();
                Map<TopicPartition, OffsetSpec> end = new LinkedHashMap<>();
                parts.forEach(p -> {
                    since.put(p, OffsetSpec.forTimestamp(sinceMs));
                    end.put(p, OffsetSpec.latest());
                });
                var s = admin.listOffsets(since).all().get();
                var e = admin.listOffsets(end).all().get();
                long n = 0;
                for (TopicPartition p : parts) {
                    long first = s.get(p).offset();
                    n += first < 0 ? 0 : e.get(p).offset() - first; // -1: nothing that recent
                }
                out.put(c, n);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            // the broker is still coming up: try again at the next poll
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }


    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return Admin.create(p);
    }
}
