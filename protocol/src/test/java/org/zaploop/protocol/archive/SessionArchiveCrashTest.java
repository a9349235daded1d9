package org.zaploop.protocol.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zaploop.protocol.archive.Sessions.CHANNELS;
import static org.zaploop.protocol.archive.Sessions.D;
import static org.zaploop.protocol.archive.Sessions.H;
import static org.zaploop.protocol.archive.Sessions.NEURONS;
import static org.zaploop.protocol.archive.Sessions.W;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.archive.zarr.ZarrArray;

/**
 * An interrupted recording is simulated by copying the archive directory while the writer is still open (a
 * copy is what a crash leaves on disk, provided {@code commit.json} is copied first: everything else only
 * grows after it). The copy must open with exactly the committed frames, equal to what was written.
 */
class SessionArchiveCrashTest {

    @TempDir
    Path tmp;

    /** Copies an archive as a crash would leave it: commit record first, then the rest (temp files too). */
    static void snapshot(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve(CommitRecord.FILE), to.resolve(CommitRecord.FILE));
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
                if (!p.getFileName().toString().equals(CommitRecord.FILE)) {
                    try {
                        Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
                    } catch (NoSuchFileException e) {
                        // a temp file renamed away while copying
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) {
                return FileVisitResult.CONTINUE; // vanished while walking
            }
        });
    }

    static void verify(SessionArchive r) throws IOException {
        CommitRecord c = r.commit();
        short[] p = new short[W * H];
        for (long f = 0; f < c.rawFrames(); f++) {
            for (int z = 0; z < D; z++) {
                r.readPlane(f, z, p);
                assertArrayEquals(Sessions.plane(f, z), p, "frame " + f + " plane " + z);
            }
        }
        int t = (int) c.traceFrames();
        float[] tr = new float[t * NEURONS];
        r.readTraces(0, t, 0, NEURONS, tr);
        for (int f = 0; f < t; f++) {
            for (int n = 0; n < NEURONS; n += 37) {
                assertEquals(Sessions.dff(f, n), tr[f * NEURONS + n], "trace frame " + f + " neuron " + n);
            }
        }
        int s = (int) c.ephysSamples();
        float[] e = new float[s * CHANNELS];
        r.readEphys(0, s, e);
        for (int i = 0; i < s; i += 7) {
            assertEquals(Sessions.ephys(i, 2), e[2 * s + i]);
        }
        List<String> ev = r.events();
        for (int i = 0; i < ev.size(); i++) {
            assertEquals("{\"n\":" + i + "}", ev.get(i));
        }
    }

    @Test
    void interruptedRecordingOpensWithExactlyTheCommittedFrames() throws Exception {
        Path dir = tmp.resolve("live");
        SessionArchive a = SessionArchive.create(dir, Sessions.meta());
        for (long f = 0; f < 3; f++) {
            for (int z = 0; z < D; z++) {
                a.writePlane(f, z, Sessions.plane(f, z));
            }
        }
        a.writePlane(3, 0, Sessions.plane(3, 0)); // volume 3 is incomplete
        a.writePlane(3, 1, Sessions.plane(3, 1));
        a.writePlane(4, 2, Sessions.plane(4, 2));
        for (long t = 0; t < 300; t++) {
            a.appendTraces(t, Sessions.traceFrame(t));
        }
        a.appendEphys(0, Sessions.ephysBlock(0, 100), 100);
        a.appendEvent("{\"n\": 0}");
        a.appendEvent("{\"n\": 1}");
        a.flush();
        Path early = tmp.resolve("early");
        snapshot(dir, early);
        for (long t = 300; t < 520; t++) {
            a.appendTraces(t, Sessions.traceFrame(t)); // commits at 512; 512..519 stay buffered
        }
        a.appendEphys(100, Sessions.ephysBlock(100, 100), 100);
        a.appendEvent("{\"n\": 2}");

        Path crash = tmp.resolve("crash");
        snapshot(dir, crash);
        // leftovers of writes that were cut short, and chunk content past the committed counts
        Files.write(crash.resolve("traces/c/0/.zl-tmp-1-4711"), new byte[] {1, 2, 3});
        Files.write(crash.resolve("raw/c/0/0/2/.zl-tmp-3-42"), new byte[] {9});
        Files.write(crash.resolve("raw/c/0/0/2/3"), new byte[] {9, 9, 9}); // garbage where volume 3 never got z=2
        Files.write(crash.resolve("events.jsonl"), "{\"torn".getBytes(), java.nio.file.StandardOpenOption.APPEND);

        SessionArchive r = SessionArchive.open(crash);
        assertEquals(3, r.commit().rawFrames());
        assertEquals(512, r.commit().traceFrames());
        assertEquals(100, r.commit().ephysSamples());
        assertEquals(2, r.commit().eventCount());
        assertEquals(512, r.framesComplete());
        verify(r);
        assertThrows(IndexOutOfBoundsException.class, () -> r.readPlane(3, 0, new short[W * H]));
        assertThrows(IndexOutOfBoundsException.class, () -> r.readTraces(0, 513, 0, 1, new float[513]));
        assertEquals(2, SessionArchive.cleanTempFiles(crash));

        // a crash after the chunks were rewritten but before the commit record: the old record still holds
        Files.copy(early.resolve(CommitRecord.FILE), crash.resolve(CommitRecord.FILE),
                StandardCopyOption.REPLACE_EXISTING);
        SessionArchive old = SessionArchive.open(crash);
        assertEquals(300, old.commit().traceFrames());
        assertEquals(300, old.traces().orElseThrow().shape()[0]);
        assertArrayEquals(new long[] {520 - 8, NEURONS}, ZarrArray.open(crash.resolve("traces")).shape(),
                "zarr.json is ahead of the commit record, and ignored");
        verify(old);

        // the writer itself finishes cleanly: the buffered frames are committed on close, volume 3 never is
        a.close();
        SessionArchive done = SessionArchive.open(dir);
        assertEquals(520, done.commit().traceFrames());
        assertEquals(200, done.commit().ephysSamples());
        assertEquals(3, done.commit().eventCount());
        assertEquals(3, done.commit().rawFrames());
        verify(done);
    }

    @Test
    void missingChunkInsideTheCommittedRangeIsAnError() throws Exception {
        Path dir = tmp.resolve("m");
        try (SessionArchive a = SessionArchive.create(dir, Sessions.meta())) {
            for (long t = 0; t < 10; t++) {
                a.appendTraces(t, Sessions.traceFrame(t));
            }
            for (int z = 0; z < D; z++) {
                a.writePlane(0, z, Sessions.plane(0, z));
            }
        }
        Files.delete(dir.resolve("traces/c/0/1"));
        Files.delete(dir.resolve("raw/c/0/0/1/0"));
        SessionArchive r = SessionArchive.open(dir);
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> r.readTraces(0, 10, 0, NEURONS, new float[10 * NEURONS]));
        assertEquals(dir.resolve("traces/c/0/1") + ": chunk c/0/1 of traces is missing although frame 0 was recorded",
                e.getMessage());
        e = assertThrows(ArchiveFormatException.class, () -> r.readPlane(0, 1, new short[W * H]));
        assertTrue(e.getMessage().endsWith("chunk c/0/0/1/0 of raw is missing although frame 0 was recorded"),
                e.getMessage());
    }

    @Test
    void snapshotsTakenWhileRecordingAlwaysOpen() throws Exception {
        Path dir = tmp.resolve("live");
        int frames = 640;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (SessionArchive a = SessionArchive.create(dir, Sessions.meta())) {
                for (long f = 0; f < frames; f++) {
                    for (int z = 0; z < D; z++) {
                        a.writePlane(f, z, Sessions.plane(f, z));
                    }
                    a.appendTraces(f, Sessions.traceFrame(f));
                    a.appendEphys(f * 50, Sessions.ephysBlock(f * 50, 50), 50);
                    if (f % 10 == 0) {
                        a.appendEvent("{\"n\": " + f / 10 + "}");
                    }
                    if (f % 37 == 36) {
                        a.flush();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "archive-writer");
        writer.start();
        List<Long> seen = new ArrayList<>();
        try {
            int i = 0;
            while (writer.isAlive() && i < 12) {
                Thread.sleep(150);
                if (!Files.exists(dir.resolve(CommitRecord.FILE))) {
                    continue;
                }
                Path snap = tmp.resolve("snap" + i++);
                snapshot(dir, snap);
                SessionArchive r = SessionArchive.open(snap);
                verify(r);
                seen.add(r.commit().rawFrames());
            }
        } finally {
            writer.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("writer failed", failure.get());
        }
        SessionArchive done = SessionArchive.open(dir);
        assertEquals(frames, done.commit().rawFrames());
        assertEquals(frames, done.commit().traceFrames());
        assertEquals(frames * 50L, done.commit().ephysSamples());
        verify(done);
        assertTrue(!seen.isEmpty(), "took at least one snapshot while recording");
    }
}
