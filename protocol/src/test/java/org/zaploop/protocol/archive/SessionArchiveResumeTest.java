package org.zaploop.protocol.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zaploop.protocol.archive.Sessions.CHANNELS;
import static org.zaploop.protocol.archive.Sessions.D;
import static org.zaploop.protocol.archive.Sessions.H;
import static org.zaploop.protocol.archive.Sessions.NEURONS;
import static org.zaploop.protocol.archive.Sessions.W;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/** Reopening a recording for append, completing the meta while recording, source positions, typed events. */
class SessionArchiveResumeTest {

    @TempDir
    Path tmp;

    /** Writes frames [from, to) of traces, planes (below frame 400) and ephys (100 samples per frame). */
    private static void write(SessionArchive a, long from, long to) throws Exception {
        for (long f = from; f < to; f++) {
            for (int z = 0; z < D && f < 400; z++) {
                a.writePlane(f, z, Sessions.plane(f, z));
            }
            a.appendTraces(f, Sessions.traceFrame(f));
            a.appendEphys(f * 100, Sessions.ephysBlock(f * 100, 100), 100);
            if (f % 100 == 50) {
                a.appendEvent(RigEvent.of("fish-01", 1_000 + f, RigEventKind.HEARTBEAT));
            }
        }
    }

    private static void assertSameArrays(SessionArchive x, SessionArchive y) throws Exception {
        assertEquals(x.commit().rawFrames(), y.commit().rawFrames());
        assertEquals(x.commit().traceFrames(), y.commit().traceFrames());
        assertEquals(x.commit().ephysSamples(), y.commit().ephysSamples());
        short[] p = new short[W * H];
        short[] q = new short[W * H];
        for (long f = 0; f < x.commit().rawFrames(); f++) {
            for (int z = 0; z < D; z++) {
                x.readPlane(f, z, p);
                y.readPlane(f, z, q);
                assertArrayEquals(p, q);
            }
        }
        int t = (int) x.commit().traceFrames();
        float[] a = new float[t * NEURONS];
        float[] b = new float[t * NEURONS];
        x.readTraces(0, t, 0, NEURONS, a);
        y.readTraces(0, t, 0, NEURONS, b);
        assertArrayEquals(a, b);
        int s = (int) x.commit().ephysSamples();
        a = new float[s * CHANNELS];
        b = new float[s * CHANNELS];
        x.readEphys(0, s, a);
        y.readEphys(0, s, b);
        assertArrayEquals(a, b);
        assertEquals(x.events(), y.events());
    }

    @Test
    void resumedRecordingEqualsAnUninterruptedOne() throws Exception {
        Path whole = tmp.resolve("whole");
        try (SessionArchive a = SessionArchive.create(whole, Sessions.meta())) {
            write(a, 0, 560);
        }

        Path cut = tmp.resolve("cut");
        SessionArchive a = SessionArchive.create(cut, Sessions.meta());
        write(a, 0, 300);
        a.flush(); // traces and ephys committed mid chunk: 300 frames, 30000 samples
        write(a, 300, 330); // buffered, never committed: the crash loses them
        a.writePlane(330, 0, Sessions.plane(330, 0)); // an incomplete volume
        Path crash = tmp.resolve("crash");
        SessionArchiveCrashTest.snapshot(cut, crash);
        Files.write(crash.resolve("events.jsonl"), "{\"torn".getBytes(), java.nio.file.StandardOpenOption.APPEND);

        try (SessionArchive r = SessionArchive.resume(crash)) {
            assertTrue(r.isWritable());
            assertEquals(330, r.commit().rawFrames(), "volumes commit one by one");
            assertEquals(300, r.commit().traceFrames());
            assertEquals(30_000, r.commit().ephysSamples());
            write(r, 300, 560); // the recorder re-reads its input from the committed positions
        }
        assertSameArrays(SessionArchive.open(whole), SessionArchive.open(crash));
        assertEquals(6, SessionArchive.open(crash).rigEvents().size());
    }

    @Test
    void commitsCarryTheSourcePositions() throws Exception {
        Path dir = tmp.resolve("s");
        try (SessionArchive a = SessionArchive.create(dir, Sessions.meta())) {
            a.setSourcePositions(next -> Map.of("zl.traces/0", next.traceFrames(), "zl.rig.events/1", 7L));
            write(a, 0, 10);
            a.checkpoint();
        }
        CommitRecord c = SessionArchive.open(dir).commit();
        assertEquals(Map.of("zl.traces/0", 10L, "zl.rig.events/1", 7L), c.sources());
        try (SessionArchive r = SessionArchive.resume(dir)) {
            assertEquals(c.sources(), r.commit().sources());
            r.checkpoint(); // without a provider the positions stay
            assertEquals(c.sources(), r.commit().sources());
        }
    }

    @Test
    void metaIsCompletedWhileRecording() throws Exception {
        Path dir = tmp.resolve("m");
        ArchiveMeta start = ArchiveMeta.zapbench("fish-02", 0);
        try (SessionArchive a = SessionArchive.create(dir, start)) {
            assertFalse(a.traces().isPresent());
            a.updateMeta(start.withGeometry(W, H, D).withNeurons(NEURONS).withEphys(CHANNELS, 6000)
                    .withStartTimes(5_000, 6_000));
            write(a, 0, 3);
            a.appendNote(new ArchiveNote(ArchiveNote.EPHYS_GAP, 10, 100, 5, "test"));
            a.appendEvent(RigEvent.of("fish-02", 1_000, RigEventKind.HEARTBEAT));
            assertThrows(IllegalStateException.class, () -> a.updateMeta(a.meta().withGeometry(W, H, D + 1)));
            assertThrows(IllegalStateException.class, () -> a.updateMeta(a.meta().withNeurons(NEURONS + 1)));
            assertThrows(IllegalArgumentException.class, () -> a.updateMeta(a.meta().withSessionId("other")));
            a.updateMeta(a.meta().withVolumePeriod(0.5));
        }
        SessionArchive r = SessionArchive.open(dir);
        assertEquals(NEURONS, r.meta().neurons());
        assertEquals(0.5, r.meta().volumePeriodS());
        assertEquals(5_000, r.meta().frameZeroNs());
        assertEquals(5_000 + 250_000_000L, r.meta().planeTimeNs(1, 0) - 250_000_000L);
        assertEquals(6_000 + 1_000_000_000L, r.meta().sampleTimeNs(6000));
        assertEquals(3, r.commit().rawFrames());
        assertEquals(List.of(new ArchiveNote(ArchiveNote.EPHYS_GAP, 10, 100, 5, "test")), r.notes());
        assertEquals(1, r.rigEvents().size());
        assertEquals(RigEventKind.HEARTBEAT, r.rigEvents().get(0).kind());
    }

    @Test
    void labelsCanBeWrittenPlaneByPlane() throws Exception {
        Path dir = tmp.resolve("l");
        int[] labels = Sessions.labels();
        try (SessionArchive a = SessionArchive.create(dir, Sessions.meta())) {
            a.writeLabels((z, dest) -> System.arraycopy(labels, z * W * H, dest, 0, W * H));
        }
        int[] back = new int[labels.length];
        SessionArchive.open(dir).readLabels(back);
        assertArrayEquals(labels, back);
    }

    @Test
    void resumingSomethingElseFailsInPlainWords() {
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> SessionArchive.resume(tmp.resolve("nothing")));
        assertTrue(e.getMessage().contains("cannot resume: no commit.json"), e.getMessage());
    }
}
