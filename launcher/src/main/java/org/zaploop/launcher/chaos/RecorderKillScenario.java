package org.zaploop.launcher.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.zaploop.ingest.recorder.Recorder;
import org.zaploop.ingest.recorder.RecorderSettings;
import org.zaploop.launcher.ZapLoop;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.FishComponent;
import org.zaploop.launcher.metrics.ProcessMeters;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.archive.CommitRecord;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;
import org.zaploop.sim.fish.FishGeometry;

/**
 * Fault 4, the recorder killed mid-session: the virtual fish streams a live session (planes, ephys, rig events,
 * its segmentation); {@code zaploop record} runs as a process of its own and is killed with SIGKILL at given
 * points of the session, then started again on the same archive; an uninterrupted recorder in this JVM records
 * the same session beside it. The session ends with a {@code SESSION_END} rig event. Verdicts: the restarted
 * recorder finishes by itself, its archive holds every complete volume and every ephys sample of the topics, and
 * it equals the uninterrupted archive array by array. Reads {@code zl.imaging.planes}, {@code zl.ephys.blocks};
 * writes {@code zl.rig.events} (the session's end).
 */
public final class RecorderKillScenario {

    /**
     * @param dataDir  scratch directory: broker, archives, the recorder processes' logs
     * @param geometry the virtual fish
     * @param volumes  the session's length in volumes
     * @param speed    the fish's speed (1 = real time)
     * @param killsAt  fractions of the session (0..1, increasing) at which the recorder process is killed
     */
    public record Options(Path dataDir, FishGeometry geometry, int volumes, double speed, List<Double> killsAt) {

        public Options {
            if (volumes < 4 || killsAt.isEmpty()) {
                throw new IllegalArgumentException("at least 4 volumes and one kill");
            }
            double last = 0;
            for (double k : killsAt) {
                if (!(k > last && k < 1)) {
                    throw new IllegalArgumentException("kill points must increase inside (0, 1), got " + killsAt);
                }
                last = k;
            }
        }
    }

    private final Options o;
    private final Consumer<String> progress;

    public RecorderKillScenario(Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
    }

    public ChaosReport run() throws Exception {
        String session = "chaos-recorder-kill";
        Path whole = o.dataDir().resolve("uninterrupted");
        Path killed = o.dataDir().resolve("killed");
        List<ChaosVerdict> v = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(o.dataDir().resolve("broker"), 0);
             ProcessMeters meters = new ProcessMeters()) {
            String bootstrap = broker.bootstrapServers();
            Properties ap = new Properties();
            ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(ap)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            Recorder reference = new Recorder(bootstrap, RecorderSettings.of(session, whole), null, true,
                    new Properties()).start();
            FishComponent fish = new FishComponent(new ComponentContext(bootstrap, session, "small",
                    o.dataDir().resolve("fish"), meters.registry()), o.geometry(), o.speed());
            List<Long> killedAt = new ArrayList<>();
            Process[] child = new Process[1];
            try {
                fish.start();
                child[0] = recorder(bootstrap, session, killed);
                for (double k : o.killsAt()) {
                    long at = Math.round(k * o.volumes());
                    ChaosClock.until(() -> committed(killed) >= at || !child[0].isAlive(), Duration.ofMinutes(2));
                    if (!child[0].isAlive()) {
                        break;
                    }
                    child[0].destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no commit
                    child[0].waitFor();
                    killedAt.add(committed(killed));
                    progress.accept("Recorder process killed (SIGKILL) at volume " + killedAt.get(killedAt.size() - 1)
                            + "; starting it again");
                    child[0] = recorder(bootstrap, session, killed);
                }
                ChaosClock.until(() -> volumes(fish) >= o.volumes(), Duration.ofMinutes(10));
            } finally {
                fish.close();
            }
            endSession(bootstrap, session);
            progress.accept("Session ended after " + volumes(fish) + " volumes; waiting for both recorders");
            boolean finished = child[0].waitFor(2, TimeUnit.MINUTES);
            boolean referenceDone = reference.awaitDone(Duration.ofMinutes(2));
            reference.close();
            if (!finished) {
                child[0].destroyForcibly();
            }
            int exit = finished ? child[0].exitValue() : -1;
            long sessionVolumes = volumes(fish);
            boolean midSession = killedAt.size() == o.killsAt().size()
                    && killedAt.stream().allMatch(n -> n > 0 && n < sessionVolumes);
            v.add(ChaosVerdict.of("killed mid-session", midSession, "SIGKILL at committed volumes %s of the session's %d",
                    killedAt, sessionVolumes));
            v.add(ChaosVerdict.of("restarted recorder finishes", finished && exit == 0 && referenceDone
                            && reference.failure() == null,
                    "exit code %d at the session's end%s", exit, referenceDone ? "" : "; the reference did not finish"));
            long[] inTopics = sessionInTopics(bootstrap, session, o.geometry().depth());
            SessionArchive a = SessionArchive.open(whole);
            SessionArchive b = SessionArchive.open(killed);
            v.add(ChaosVerdict.of("archive complete", b.commit().rawFrames() == inTopics[0]
                            && b.commit().ephysSamples() == inTopics[1] && inTopics[0] >= o.volumes(),
                    "%d of %d complete volumes, %d of %d ephys samples", b.commit().rawFrames(), inTopics[0],
                    b.commit().ephysSamples(), inTopics[1]));
            List<String> diff = ArchiveComparison.differences(a, b);
            v.add(ChaosVerdict.of("identical to an uninterrupted recording", diff.isEmpty(),
                    diff.isEmpty() ? "planes, ephys, neuron table, rig events and notes equal bit for bit"
                            : String.join("; ", diff.subList(0, Math.min(3, diff.size())))));
            figures.put("volumes", b.commit().rawFrames());
            figures.put("ephysSamples", b.commit().ephysSamples());
            figures.put("rigEvents", b.rigEvents().size());
            figures.put("recorderProcesses", killedAt.size() + 1);
        }
        return new ChaosReport("recorder-kill", v, figures);
    }

    /** {@code zaploop record} in a JVM of its own (this JVM's class path), its output in a log file. */
    private Process recorder(String bootstrap, String session, Path out) throws IOException {
        Path log = o.dataDir().resolve("recorder-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), ZapLoop.class.getName(), "record",
                "--bootstrap", bootstrap, "--session", session, "--out", out.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    private static long committed(Path dir) {
        try {
            return Files.exists(dir.resolve(CommitRecord.FILE)) ? SessionArchive.open(dir).commit().rawFrames() : 0;
        } catch (Exception e) {
            return 0; // between the archive's creation and its first commit
        }
    }

    private static long volumes(FishComponent fish) {
        return fish.status().get("vol") instanceof Number n ? n.longValue() : 0;
    }

    private static void endSession(String bootstrap, String session) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, RigEvent> producer = new KafkaProducer<>(p, Topics.RIG_EVENTS.keySerde().serializer(),
                Topics.RIG_EVENTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.RIG_EVENTS.name(), session,
                    RigEvent.of(session, ZapLoopClock.nowNs(), RigEventKind.SESSION_END)));
        }
    }

    /** Complete volumes (every plane present) and ephys samples of the session in the topics. */
    private static long[] sessionInTopics(String bootstrap, String session, int depth) {
        Map<Long, Integer> planes = new HashMap<>();
        for (ConsumerRecord<String, Plane> r : TopicSnapshot.read(bootstrap, Topics.PLANES, Duration.ofSeconds(60))) {
            if (r.value().session().equals(session)) {
                planes.merge(r.value().frame(), 1, Integer::sum);
            }
        }
        long samples = 0;
        for (ConsumerRecord<String, EphysBlock> r : TopicSnapshot.read(bootstrap, Topics.EPHYS, Duration.ofSeconds(60))) {
            if (r.value().session().equals(session)) {
                samples += r.value().samples();
            }
        }
        return new long[] {planes.values().stream().filter(n -> n == depth).count(), samples};
    }
}
