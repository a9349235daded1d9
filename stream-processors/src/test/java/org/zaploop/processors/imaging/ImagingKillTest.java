package org.zaploop.processors.imaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.processors.chaos.OutputLedger;
import org.zaploop.processors.imaging.topology.ImagingRunner;
import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.testsupport.InJvmKafka;

/**
 * Issue 5's guarantee: two imaging instances (exactly-once, replay settings), one of them a separate process killed
 * with SIGKILL mid-stream and started again, give the same traces as one instance uninterrupted — every
 * (session, frame, block) there once, its bytes equal (ΔF/F, raw F, acquisition time, partial flag). Three sessions
 * on the three assembly partitions, so the second instance assembles frames, registers volumes and keeps ΔF/F
 * windows that its successor must take over from the changelogs. Real in-JVM broker, real processes.
 */
class ImagingKillTest {

    static final int FRAMES = 90;
    static final Duration PATIENCE = Duration.ofMinutes(8);

    @TempDir
    Path dir;

    private final List<SyntheticSession> fish = sessionsOnEveryAssemblyPartition();
    /**
     * Every plane once, encoded, [frame][session][z]: both runs get the very same bytes (the noise is random).
     * Acquisition times are moved to now: a trace record is stamped with its acquisition time, and one older than
     * the week of {@code zl.traces}' retention is deleted by the broker once its segment rolls.
     */
    private final byte[][][][] planes = encodePlanes(System.currentTimeMillis() * 1_000_000L);

    private byte[][][][] encodePlanes(long startNs) {
        byte[][][][] out = new byte[FRAMES][fish.size()][][];
        for (int f = 0; f < FRAMES; f++) {
            for (int s = 0; s < fish.size(); s++) {
                SyntheticSession session = fish.get(s);
                out[f][s] = new byte[session.depth][];
                for (int z = 0; z < session.depth; z++) {
                    Plane p = session.plane(f, z);
                    Plane now = Plane.whole(p.session(), f, z, p.planesPerVolume(),
                            startNs + p.acquisitionNs() - session.acquisitionNs(0, 0), p.planeWidth(),
                            p.planeHeight(), p.pixels());
                    out[f][s][z] = Topics.PLANES.valueSerde().serializer().serialize(Topics.PLANES.name(), now);
                }
            }
        }
        return out;
    }

    /** One session per assembly partition (the by-session repartition topics have three). */
    private static List<SyntheticSession> sessionsOnEveryAssemblyPartition() {
        int partitions = ImagingInstance.config().assemblyPartitions();
        String[] byPartition = new String[partitions];
        for (int i = 0, found = 0; found < partitions; i++) {
            String s = "fish-" + i;
            int p = Utils.toPositive(Utils.murmur2(s.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (byPartition[p] == null) {
                byPartition[p] = s;
                found++;
            }
        }
        List<SyntheticSession> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            out.add(new SyntheticSession(byPartition[p], 64, 48, 4, 12, FRAMES, 3f, 0, 3, 11 + p));
        }
        return out;
    }

    private List<String> missing(OutputLedger ledger) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> have = ledger.identities();
        for (SyntheticSession s : fish) {
            for (int f = 0; f < FRAMES; f++) {
                if (!have.contains(s.session + "/" + f + "/0")) {
                    out.add(s.session + "/" + f);
                }
            }
        }
        return out;
    }

    private int expectedBlocks() {
        return fish.size() * FRAMES;
    }

    @Test
    void twoInstancesWithOneKilledGiveTheSameTracesAsOneUninterrupted() throws Exception {
        OutputLedger reference;
        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka-reference"));
             ImagingRunner alone = new ImagingRunner(ImagingInstance.runnerConfig("kill-reference",
                     dir.resolve("reference-state")), ImagingInstance.config())) {
            alone.start(kafka.bootstrap());
            publishTables(kafka, alone);
            publishPlanes(kafka.bootstrap(), 0);
            reference = OutputLedger.of(Topics.TRACES.name(), kafka.readUntil(Topics.TRACES.name(),
                    l -> l.size() >= expectedBlocks(), PATIENCE));
        }
        assertEquals(expectedBlocks(), reference.size(), () -> "the uninterrupted run gave every frame of every "
                + "session; missing: " + missing(reference));
        assertEquals(0, reference.duplicates());

        try (InJvmKafka kafka = InJvmKafka.start(dir.resolve("kafka-killed"));
             ImagingRunner first = new ImagingRunner(ImagingInstance.runnerConfig("kill-test",
                     dir.resolve("first-state")), ImagingInstance.config())) {
            first.start(kafka.bootstrap());
            publishTables(kafka, first);
            int allTasks = first.activeTasks().size();
            Process second = launch(kafka.bootstrap(), dir.resolve("second-state-1"));
            Process restarted = null;
            try {
                await().atMost(PATIENCE).until(() -> first.running() && !first.activeTasks().isEmpty()
                        && first.activeTasks().size() < allTasks);
                // planes at a steady pace, so that the kill falls in the middle of the stream
                Thread producer = new Thread(() -> publishPlanes(kafka.bootstrap(), 40), "planes");
                producer.start();
                List<ConsumerRecord<String, byte[]>> before = kafka.readUntil(Topics.TRACES.name(),
                        l -> l.size() >= expectedBlocks() / 3, PATIENCE);
                assertTrue(first.activeTasks().size() < allTasks, "the second instance holds partitions");
                second.destroyForcibly().waitFor(); // SIGKILL: no commit, no leaving the group, no flush
                assertTrue(before.size() < expectedBlocks(), "killed mid-stream");
                restarted = launch(kafka.bootstrap(), dir.resolve("second-state-2"));
                producer.join();
                List<ConsumerRecord<String, byte[]>> all = kafka.readUntil(Topics.TRACES.name(),
                        l -> OutputLedger.of(Topics.TRACES.name(), l).size() >= expectedBlocks(), PATIENCE);
                all = kafka.readAll(Topics.TRACES.name());
                OutputLedger.Comparison c = OutputLedger.of(Topics.TRACES.name(), all).compare(reference);
                assertTrue(c.equal(), c.toString());
                for (ConsumerRecord<String, byte[]> r : all) {
                    TraceBlock tb = Topics.TRACES.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    assertFalse(tb.partialFrame(), "frame " + tb.frame() + " of " + tb.session() + " complete");
                }
            } finally {
                second.destroyForcibly();
                if (restarted != null) {
                    restarted.destroyForcibly();
                }
            }
        }
    }

    /** The neuron tables first, and not a plane before the instance has them all (planes would find no table). */
    private void publishTables(InJvmKafka kafka, ImagingRunner runner) throws Exception {
        try (SegmentationPublisher pub = new SegmentationPublisher(kafka.bootstrap())) {
            for (SyntheticSession s : fish) {
                assertEquals(1, pub.publish(s.blocks(1, 512)));
            }
        }
        await().atMost(PATIENCE).until(() -> runner.counters().tables.get() == fish.size());
    }

    /** Every plane of every session, frame after frame, {@code frameMs} apart (0: as fast as possible). */
    private void publishPlanes(String bootstrap, long frameMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, byte[]> prod = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int f = 0; f < FRAMES; f++) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(f * frameMs);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                for (int s = 0; s < fish.size(); s++) {
                    for (int z = 0; z < fish.get(s).depth; z++) {
                        prod.send(new ProducerRecord<>(Topics.PLANES.name(), Keys.planeKey(fish.get(s).session, z),
                                planes[f][s][z]));
                    }
                }
            }
        }
    }

    /** The second instance as a process of its own, once it runs. */
    private static Process launch(String bootstrap, Path stateDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ImagingInstance.class.getName(), bootstrap, "kill-test", stateDir.toString())
                .redirectError(stateDir.resolveSibling(stateDir.getFileName() + ".log").toFile())
                .start();
        CountDownLatch running = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("RUNNING")) {
                        running.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the process was killed
            }
        }, "second-instance-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(running.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "second instance started");
        return p;
    }
}
