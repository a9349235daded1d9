package org.zaploop.launcher.chaos;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.zaploop.launcher.components.Component;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.sim.fish.FishGeometry;

/**
 * Fault 5, a broker lost beyond one machine: a three-broker cluster ({@link ThreeBrokerCluster}: replication 3,
 * {@code min.insync.replicas} 2), the virtual fish, two instances of each processor and the controller. Mid-stream
 * the broker leading {@code zl.imaging.planes} partition 0 is stopped without a controlled shutdown. The loop runs
 * on, then the fish stops and the processors drain. Verdicts, from the topics: every plane and every ephys sample
 * present once; the traces of every frame present once (every neuron block, read committed); every component
 * still working; commands issued on inputs acquired after the loss. Reads {@code zl.imaging.planes},
 * {@code zl.ephys.blocks}, {@code zl.traces}, {@code zl.audit}; writes nothing itself.
 */
public final class BrokerLossScenario {

    /**
     * @param dataDir    the cluster's directory
     * @param geometry   the virtual fish
     * @param processors the processors, each started twice (imaging, behavior, forecast)
     * @param running    how long the loop runs before the broker is lost, and again after
     * @param limit      longest wait for each phase (the loop to close, the processors to drain)
     */
    public record Options(Path dataDir, FishGeometry geometry, List<String> processors, Duration running,
                          Duration limit) {

        public Options {
            for (String p : processors) {
                if (!List.of("imaging", "behavior", "forecast").contains(p)) {
                    throw new IllegalArgumentException("unknown processor '" + p + "': imaging, behavior or forecast");
                }
            }
            if (!processors.contains("imaging") || !processors.contains("behavior")) {
                throw new IllegalArgumentException("the scenario checks the traces and the commands: it needs the "
                        + "imaging and behavior processors");
            }
        }
    }

    private final Options o;
    private final Consumer<String> progress;

    public BrokerLossScenario(Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
    }

    public ChaosReport run() throws Exception {
        String session = "chaos-broker-loss";
        List<ChaosVerdict> v = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        try (ThreeBrokerCluster cluster = ThreeBrokerCluster.start(o.dataDir().resolve("cluster"));
             Admin admin = cluster.admin()) {
            String bootstrap = cluster.bootstrap();
            progress.accept("Three brokers up at " + bootstrap);
            v.add(replicated(admin));
            List<String> names = new ArrayList<>(List.of("fish"));
            for (String p : o.processors()) {
                names.add(p);
                names.add(p);
            }
            names.add("controller");
            List<Component> started = new ArrayList<>();
            ChaosLoop fish = null;
            List<ChaosLoop> loops = new ArrayList<>();
            try {
                // one ChaosLoop per instance: two instances of a processor are two members of its group
                for (String name : names) {
                    ComponentContext ctx = new ComponentContext(bootstrap, session, "small",
                            o.dataDir().resolve("work-" + loops.size()), new SimpleMeterRegistry());
                    ChaosLoop one = ChaosLoop.start(ctx, o.geometry(), List.of(name));
                    loops.add(one);
                    started.add(one.get(name));
                    if (name.equals("fish")) {
                        fish = one;
                    }
                }
                Component controller = started.get(started.size() - 1);
                boolean closed = ChaosClock.until(() -> ChaosLoop.issued(controller) > 0, o.limit());
                progress.accept(closed ? "The loop is closed on three brokers; running " + o.running().toSeconds()
                        + " s" : "The loop did not close within " + o.limit().toSeconds() + " s");
                ChaosClock.hold(o.running());
                int victim = admin.describeTopics(List.of(Topics.PLANES.name())).allTopicNames().get()
                        .get(Topics.PLANES.name()).partitions().get(0).leader().id();
                long killNs = ZapLoopClock.nowNs();
                cluster.kill(victim);
                long killedNs = ZapLoopClock.nowNs();
                progress.accept("Broker " + victim + " (leader of " + Topics.PLANES.name() + "-0) is gone; waiting "
                        + "for the loop to issue commands again");
                // Until the controller fences the lost broker (broker.session.timeout.ms) it stays in the in-sync
                // replicas, and acks=all writes to its partitions wait: the loop pauses, then must go on by itself.
                ChaosClock.hold(Duration.ofMillis(300));
                long atLoss = ChaosLoop.issued(controller);
                boolean resumed = ChaosClock.until(() -> ChaosLoop.issued(controller) >= atLoss + 5, o.limit());
                long resumedNs = ZapLoopClock.nowNs();
                progress.accept(resumed ? "Commands flow again; the loop runs on for " + o.running().toSeconds() + " s"
                        : "No commands within " + o.limit().toSeconds() + " s of the loss");
                ChaosClock.hold(o.running());
                long issuedAfter = ChaosLoop.issued(controller);
                fish.close(); // the session's last records are flushed
                long fishStopNs = ZapLoopClock.nowNs();
                progress.accept("Fish stopped; waiting for the processors to drain");
                Map<Long, Integer> planes = new HashMap<>();
                Map<Long, Map<Integer, Integer>> traces = new HashMap<>();
                long[] partial = {0, 0}; // partial-frame trace blocks before and after the loss
                ChaosClock.until(() -> {
                    planes.clear();
                    traces.clear();
                    partial[0] = 0;
                    partial[1] = 0;
                    for (ConsumerRecord<String, Plane> r : TopicSnapshot.read(bootstrap, Topics.PLANES, o.limit())) {
                        if (r.value().session().equals(session)) {
                            planes.merge(r.value().frame() * 10_000 + r.value().z(), 1, Integer::sum);
                        }
                    }
                    for (ConsumerRecord<String, TraceBlock> r : TopicSnapshot.read(bootstrap, Topics.TRACES, o.limit())) {
                        TraceBlock t = r.value();
                        if (t.session().equals(session)) {
                            traces.computeIfAbsent(t.frame(), f -> new HashMap<>()).merge(t.block(), 1, Integer::sum);
                            if (t.partialFrame()) {
                                partial[t.acquisitionNs() < killNs ? 0 : 1]++;
                            }
                        }
                    }
                    long lastFrame = completeFrames(planes, o.geometry().depth()) - 1;
                    return lastFrame >= 0 && traces.containsKey(lastFrame);
                }, o.limit());
                long frames = completeFrames(planes, o.geometry().depth());
                long planesTwice = planes.values().stream().filter(n -> n > 1).count();
                long planesMissing = frames * o.geometry().depth() - planes.keySet().stream()
                        .filter(k -> k / 10_000 < frames).count();
                v.add(ChaosVerdict.of("every plane present once", planesTwice == 0 && planesMissing == 0 && frames > 0,
                        "%d volumes: %d planes missing, %d twice", frames, planesMissing, planesTwice));
                v.add(ephysOnce(bootstrap, session));
                Set<Integer> blocks = new TreeSet<>();
                traces.values().forEach(m -> blocks.addAll(m.keySet()));
                List<Long> framesMissing = new ArrayList<>();
                long blocksMissing = 0;
                long blocksTwice = 0;
                // Planes the imaging processor refused, with the reason on zl.dlq. A frame with none of its traces
                // refused (no segmentation yet at start-up) is expected to have none; a plane that came after its
                // frame was emitted (partial-frame timeout) leaves the frame's traces there, made without it.
                Map<Long, String> rejected = new java.util.TreeMap<>();
                Map<Long, Long> rejectedNs = new HashMap<>();
                deadLetteredFrames(bootstrap, session, rejected, rejectedNs);
                long refusedBefore = rejected.keySet().stream().filter(f -> !traces.containsKey(f)
                        && rejectedNs.get(f) < killNs).count();
                long refusedAfter = rejected.keySet().stream().filter(f -> !traces.containsKey(f)
                        && rejectedNs.get(f) >= killNs).count();
                long latePlanes = rejected.keySet().stream().filter(traces::containsKey).count();
                for (long f = 0; f < frames; f++) {
                    if (rejected.containsKey(f) && !traces.containsKey(f) && rejectedNs.get(f) < killNs) {
                        continue; // refused before the fault, with its reason: expected to have no traces
                    }
                    Map<Integer, Integer> m = traces.get(f);
                    if (m == null) {
                        framesMissing.add(f);
                        continue;
                    }
                    for (int b : blocks) {
                        int n = m.getOrDefault(b, 0);
                        blocksMissing += n == 0 ? 1 : 0;
                        blocksTwice += n > 1 ? 1 : 0;
                    }
                }
                // A partial frame (a plane late past the imaging processor's partial-frame timeout) still has its
                // traces, once: it is counted, not failed, since a busy host makes them without any fault.
                v.add(ChaosVerdict.of("every frame's traces present once", framesMissing.isEmpty() && blocksMissing == 0
                                && blocksTwice == 0 && frames > refusedBefore,
                        "%d frames × %d neuron blocks: frames without traces %s, %d blocks missing, %d twice; "
                                + "frames refused by imaging before the loss %d, after %d %s; partial-frame blocks %d "
                                + "before the loss, %d after; frames with traces made without a refused plane %d",
                        frames, blocks.size(), framesMissing.subList(0, Math.min(5, framesMissing.size())),
                        blocksMissing, blocksTwice, refusedBefore, refusedAfter,
                        rejected.values().stream().map(r -> r.length() > 60 ? r.substring(0, 60) + "…" : r).distinct()
                                .limit(2).toList(), partial[0], partial[1], latePlanes));
                List<String> trouble = new ArrayList<>();
                for (Component c : started.subList(1, started.size())) {
                    String t = ChaosLoop.trouble(c);
                    if (t != null) {
                        trouble.add(c.name() + " " + t);
                    }
                }
                v.add(ChaosVerdict.of("every processor instance works", trouble.isEmpty(), trouble.isEmpty()
                        ? "%d instances of %s and the controller, none failed" : "%s",
                        trouble.isEmpty() ? (Object) (started.size() - 2) : trouble, o.processors()));
                List<AuditRecord> audit = TopicSnapshot.read(bootstrap, Topics.AUDIT, o.limit()).stream()
                        .map(ConsumerRecord::value).filter(a -> a.session().equals(session)).toList();
                long before = audit.stream().filter(a -> a.decision() == Decision.ISSUED && a.decidedNs() < killNs)
                        .count();
                long after = audit.stream().filter(a -> a.decision() == Decision.ISSUED
                        && a.acquisitionNs() > killedNs && a.decidedNs() < fishStopNs).count();
                v.add(ChaosVerdict.of("the loop keeps running", before > 0 && after > 0,
                        "%d commands before the loss, %d on behaviour acquired after it", before, after));
                figures.put("lostBroker", victim);
                figures.put("brokerStopS", ChaosClock.seconds(killedNs - killNs));
                figures.put("commandsAgainAfterS", ChaosClock.seconds(resumedNs - killedNs));
                figures.put("volumes", frames);
                figures.put("commandsIssued", issuedAfter);
                figures.put("instances", names.size() - 2);
            } finally {
                java.util.Collections.reverse(loops);
                loops.forEach(ChaosLoop::close);
            }
        }
        return new ChaosReport("broker-loss", v, figures);
    }

    /** Every catalogue topic: 3 replicas per partition and min.insync.replicas 2. */
    private static ChaosVerdict replicated(Admin admin) throws Exception {
        List<String> names = TopicCatalogue.ALL.stream().map(t -> t.name()).toList();
        Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
        List<ConfigResource> res = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        var configs = admin.describeConfigs(res).all().get();
        List<String> off = new ArrayList<>();
        for (String n : names) {
            boolean rf = d.get(n).partitions().stream().allMatch(p -> p.replicas().size() == ThreeBrokerCluster.REPLICAS);
            String isr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, n)).get("min.insync.replicas").value();
            if (!rf || !String.valueOf(ThreeBrokerCluster.MIN_ISR).equals(isr)) {
                off.add(n);
            }
        }
        return ChaosVerdict.of("topics replicated 3, min.insync.replicas 2", off.isEmpty(),
                off.isEmpty() ? "all %d catalogue topics" : "not so: %s", off.isEmpty() ? (Object) names.size() : off);
    }

    private static ChaosVerdict ephysOnce(String bootstrap, String session) {
        List<EphysBlock> blocks = new ArrayList<>();
        TopicSnapshot.read(bootstrap, Topics.EPHYS, Duration.ofSeconds(60)).stream().map(ConsumerRecord::value)
                .filter(b -> b.session().equals(session)).forEach(blocks::add);
        blocks.sort(java.util.Comparator.comparingLong(EphysBlock::firstSample));
        long gaps = 0;
        long twice = 0;
        long next = blocks.isEmpty() ? 0 : blocks.get(0).firstSample();
        for (EphysBlock b : blocks) {
            gaps += b.firstSample() > next ? 1 : 0;
            twice += b.firstSample() < next ? 1 : 0;
            next = Math.max(next, b.firstSample() + b.samples());
        }
        return ChaosVerdict.of("every ephys sample present once", gaps == 0 && twice == 0 && !blocks.isEmpty(),
                "%d blocks, %d samples: %d gaps, %d duplicates", blocks.size(), next, gaps, twice);
    }

    /** The frames of the session with a plane on {@code zl.dlq}: frame → first reason and when it was refused. */
    private static void deadLetteredFrames(String bootstrap, String session, Map<Long, String> reasons,
                                           Map<Long, Long> refusedNs) {
        var planes = Topics.PLANES.valueSerde().deserializer();
        for (ConsumerRecord<String, org.zaploop.protocol.records.DeadLetter> r
                : TopicSnapshot.read(bootstrap, Topics.DLQ, Duration.ofSeconds(60))) {
            org.zaploop.protocol.records.DeadLetter d = r.value();
            if (d.valueBytes() == null) {
                continue;
            }
            Plane p;
            try {
                p = planes.deserialize(Topics.PLANES.name(), d.valueBytes());
            } catch (RuntimeException notAPlane) {
                continue; // another topic's record
            }
            if (p.session().equals(session) && reasons.putIfAbsent(p.frame(), d.reason()) == null) {
                refusedNs.put(p.frame(), d.receivedNs());
            }
        }
    }

    /** Volumes 0..n-1 whose every plane is there: n. */
    private static long completeFrames(Map<Long, Integer> planes, int depth) {
        long f = 0;
        while (true) {
            for (int z = 0; z < depth; z++) {
                if (!planes.containsKey(f * 10_000 + z)) {
                    return f;
                }
            }
            f++;
        }
    }

}
