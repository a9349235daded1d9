package org.zaploop.ingest.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.archive.CommitRecord;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.serde.ZlSerdes;

/**
 * A recorder killed with SIGKILL mid-session (in a JVM of its own) and started again produces an archive equal,
 * array by array, to an uninterrupted recording of the same topics. The topics also carry another session's
 * records (ignored) and malformed records (to {@code zl.dlq}).
 */
class RecorderKillTest {

    @TempDir
    static Path tmp;
    static Broker broker;
    static SyntheticSession session = new SyntheticSession("fish-kill", 64, 48, 6, 60, 1100, 3);

    @BeforeAll
    static void startBrokerAndSendTheSession() throws Exception {
        broker = Broker.start(tmp.resolve("kafka"));
        List<SyntheticSession.Out> all = new ArrayList<>(session.records());
        all.addAll(SyntheticSession.small("fish-other").records());
        List<ProducerRecord<byte[], byte[]>> bad = List.of(
                new ProducerRecord<>("zl.traces", "fish-kill/0000".getBytes(StandardCharsets.UTF_8),
                        "not a trace block".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>("zl.imaging.planes", "fish-kill/99999".getBytes(StandardCharsets.UTF_8),
                        new byte[] {'Z', 'L', 'P', 'L', 9, 0}));
        broker.send(all, bad);
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    private Process child(Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), RecorderMain.class.getName(),
                broker.bootstrap(), session.session, dir.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("child-" + System.nanoTime() + ".log").toFile());
        return pb.start();
    }

    private static long committedVolumes(Path dir) {
        try {
            return Files.exists(dir.resolve(CommitRecord.FILE)) ? SessionArchive.open(dir).commit().rawFrames() : 0;
        } catch (Exception e) {
            return 0; // between the archive's creation and its first commit
        }
    }

    @Test
    void aKilledRecorderResumesToTheSameArchive() throws Exception {
        Path whole = tmp.resolve("whole");
        long t0 = System.nanoTime();
        Recorder r = new Recorder(broker.bootstrap(), RecorderSettings.of(session.session, whole), null, true,
                new Properties()).start();
        assertTrue(r.awaitDone(Duration.ofMinutes(2)), "the uninterrupted recorder stops at the session's end");
        assertNull(r.failure());
        assertEquals("the session ended", r.stopReason());
        RecorderStats st = r.stats();
        assertEquals(2, st.deadLetters());
        assertTrue(st.otherSessions() > 0);
        assertEquals(session.frames, st.volumes());
        System.err.printf("uninterrupted recording: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Path killed = tmp.resolve("killed");
        for (long at : new long[] {session.frames / 4, session.frames * 2 / 3}) {
            Process p = child(killed);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (committedVolumes(killed) < at && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(p.isAlive(), "the child was still recording when killed");
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            long v = committedVolumes(killed);
            System.err.printf("killed at volume %d, %.1f s%n", v, (System.nanoTime() - t0) / 1e9);
            assertTrue(v >= at && v < session.frames, "killed mid-session, at volume " + v);
        }
        Process last = child(killed);
        assertTrue(last.waitFor(2, TimeUnit.MINUTES), "the restarted recorder finishes");
        assertEquals(0, last.exitValue());

        SessionArchive a = SessionArchive.open(whole);
        SessionArchive b = SessionArchive.open(killed);
        ArchiveAssert.sameArrays(a, b);
        ArchiveAssert.sameEvents(a, b);
        assertEquals(session.frames, b.commit().rawFrames());
        assertEquals(session.frames, b.commit().traceFrames());

        List<ConsumerRecord<String, byte[]>> dlq = broker.readAll("zl.dlq");
        assertTrue(dlq.size() >= 2, "malformed records went to zl.dlq");
        DeadLetter d = ZlSerdes.deadLetter().deserialize("zl.dlq", dlq.get(0).value());
        assertTrue(d.reason().startsWith("ZLTR") || d.reason().startsWith("ZLPL") || d.reason().contains("key"),
                d.reason());
    }
}
