package org.zaploop.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.zaploop.ingest.recorder.ArchiveAssert;
import org.zaploop.ingest.recorder.Broker;
import org.zaploop.ingest.recorder.Recorder;
import org.zaploop.ingest.recorder.RecorderSettings;
import org.zaploop.ingest.recorder.SyntheticSession;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.serde.ZlSerdes;

/**
 * Record → replay → record: the second recording (of the replay) holds the same arrays as the first; events are
 * equal apart from the session id and the clock. Also: the replay keeps the original timing scaled by the speed,
 * a ZAPBench traces layout replays into a recordable session, and the commands fail in plain words.
 */
class RecordReplayRoundTripTest {

    @TempDir
    static Path tmp;
    static Broker broker;
    static final SyntheticSession SESSION = SyntheticSession.small("fish-rt");

    @BeforeAll
    static void start() throws Exception {
        broker = Broker.start(tmp.resolve("kafka"));
        List<SyntheticSession.Out> all = new java.util.ArrayList<>(SESSION.records());
        all.addAll(SyntheticSession.small("fish-rt-other").records());
        broker.send(all, List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    static SessionArchive record(String session, Path dir) throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Recorder r = new Recorder(broker.bootstrap(), RecorderSettings.of(session, dir), Duration.ofMinutes(2), true,
                new Properties()).start().bindMeters(meters);
        assertTrue(r.awaitDone(Duration.ofMinutes(3)));
        // the recorder's consumer group reports its fetch figures (records lag per partition among them)
        assertTrue(meters.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("kafka.consumer.")),
                "the recorder's Kafka consumer is on /metrics");
        assertNull(r.failure());
        assertEquals("the session ended", r.stopReason());
        return SessionArchive.open(dir);
    }

    @Test
    void recordReplayRecordGivesTheSameArrays() throws Exception {
        SessionArchive first = record("fish-rt", tmp.resolve("first"));
        assertEquals(SESSION.frames, first.commit().rawFrames());

        double speed = 20;
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ReplayResult res = new Replay(broker.bootstrap(), ReplayOptions.of(tmp.resolve("first")).withSpeed(speed)
                .withSession("fish-rt-r1"), new PrintStream(progress, true, StandardCharsets.UTF_8), false,
                new Properties()).run();
        double nominal = SESSION.frames * SyntheticSession.PERIOD / speed;
        assertTrue(res.seconds() > nominal * 0.9 && res.seconds() < nominal + 3, "took " + res.seconds() + " s");
        assertEquals(SESSION.frames, res.frames());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("replay 40/40 frames 100%"), progress.toString());

        List<Plane> planes = broker.readAll("zl.imaging.planes").stream()
                .filter(r -> r.key().startsWith("fish-rt-r1/"))
                .map(r -> ZlSerdes.plane().deserialize("zl.imaging.planes", r.value()))
                .sorted(Comparator.comparingLong(Plane::frame).thenComparingInt(Plane::z)).toList();
        assertEquals(SESSION.frames * SESSION.depth, planes.size());
        long t0 = planes.get(0).acquisitionNs();
        for (Plane p : planes) {
            long expected = Math.round((p.frame() + (double) p.z() / SESSION.depth) * SyntheticSession.PERIOD / speed
                    * 1e9);
            assertTrue(Math.abs(p.acquisitionNs() - t0 - expected) <= 1, "plane " + p.frame() + "/" + p.z()
                    + " on the replay's clock at original time / speed");
        }

        SessionArchive second = record("fish-rt-r1", tmp.resolve("second"));
        ArchiveAssert.sameArrays(first, second);
        ArchiveAssert.sameEventsApartFromSessionAndClock(first.rigEvents(), second.rigEvents());
        ArchiveAssert.sameNotesApartFromClock(first.notes(), second.notes());
        assertEquals("fish-rt-r1", second.meta().sessionId());
        assertTrue(second.rigEvents().get(0).acquisitionNs() > first.rigEvents().get(0).acquisitionNs(),
                "the replay's events are on the replay's clock");

        // and once more at maximum speed: still the same arrays
        new Replay(broker.bootstrap(), ReplayOptions.of(tmp.resolve("second")).withSpeed(Double.POSITIVE_INFINITY)
                .withSession("fish-rt-r2"), null, false, new Properties()).run();
        SessionArchive third = record("fish-rt-r2", tmp.resolve("third"));
        ArchiveAssert.sameArrays(first, third);
    }

    @Test
    void zapbenchTracesReplayIntoARecordableSession() throws Exception {
        Path zb = tmp.resolve("zapbench");
        BenchReplayCommand.build(zb, 1100, 40);
        assertTrue(SessionArchive.isZapbenchLayout(zb));
        ReplayResult res = new Replay(broker.bootstrap(), ReplayOptions.of(zb).withSpeed(Double.POSITIVE_INFINITY)
                .withSession("zb-r1"), null, false, new Properties()).run();
        assertEquals(40, res.frames());
        assertEquals(40 * 3 + 2, res.records(), "3 blocks of ≤ 512 neurons per frame, SESSION_START and _END");
        SessionArchive rec = record("zb-r1", tmp.resolve("zb-rec"));
        SessionArchive src = SessionArchive.open(zb);
        float[] a = new float[40 * 1100];
        float[] b = new float[40 * 1100];
        src.readTraces(0, 40, 0, 1100, a);
        rec.readTraces(0, 40, 0, 1100, b);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        assertEquals(0.9141, rec.meta().volumePeriodS());
    }

    @Test
    void benchReplayPrintsOneJsonObject() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchReplayCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--bootstrap", broker.bootstrap(), "--neurons", "2000", "--frames", "100", "--json");
        assertEquals(0, code, err.toString());
        JsonNode n = new ObjectMapper().readTree(out.toString());
        assertEquals(100, n.get("frames").asLong());
        assertEquals(402, n.get("records").asLong(), "4 blocks per frame, SESSION_START and _END");
        assertTrue(n.get("realTimeFactor").asDouble() > 1);
    }

    @Test
    void badArchivesAndOptionsFailInPlainWords() throws Exception {
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(err))
                .execute(broken.toString(), "--bootstrap", broker.bootstrap());
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("replay: " + broken + ": neither a ZapLoop session archive"),
                err.toString());

        Path zb = tmp.resolve("zb-missing");
        BenchReplayCommand.build(zb, 600, 600);
        Files.delete(zb.resolve("traces/c/1/1"));
        err = new StringWriter();
        code = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(err))
                .execute(zb.toString(), "--bootstrap", broker.bootstrap(), "--speed", "max");
        assertEquals(1, code);
        assertTrue(err.toString().contains("chunk c/1/1 of traces is missing"), err.toString());

        err = new StringWriter();
        code = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(err))
                .execute(zb.toString(), "--speed", "fast");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--speed must be a positive number or max"), err.toString());
    }
}
