package org.zaploop.ingest.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.archive.ArchiveNote;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.TraceBlock;

/**
 * The recorder's logic without a broker: records are fed from per-partition logs in a random interleaving (as a
 * consumer sees them); a crash is a copy of the archive directory taken mid-recording (commit record first).
 * Resuming the copy from its stored positions must give the same archive as the uninterrupted recording.
 */
class SessionRecorderTest {

    @TempDir
    Path tmp;

    /** Per-partition logs, like Kafka would hold them (partition = key hash). */
    static Map<String, List<SyntheticSession.Out>> logs(List<SyntheticSession.Out> records) {
        Map<String, List<SyntheticSession.Out>> logs = new LinkedHashMap<>();
        for (SyntheticSession.Out o : records) {
            int parts = o.topic().equals("zl.imaging.planes") || o.topic().equals("zl.traces") ? 12 : 3;
            String source = o.topic() + "/" + Math.floorMod(o.key().hashCode(), parts);
            logs.computeIfAbsent(source, s -> new ArrayList<>()).add(o);
        }
        return logs;
    }

    /**
     * Feeds the logs from the given positions in a random interleaving; calls {@code atStep} after each record
     * with the number of records fed so far. Returns the number fed.
     */
    static int feed(SessionRecorder r, Map<String, List<SyntheticSession.Out>> logs, Map<String, Long> from,
                    long seed, java.util.function.IntConsumer atStep) throws Exception {
        Map<String, Integer> pos = new LinkedHashMap<>();
        for (String s : logs.keySet()) {
            long p = from.getOrDefault(s, 0L);
            pos.put(s, (int) p);
            if (!r.tracks(s)) {
                r.track(s, s.substring(0, s.indexOf('/')), p);
            }
        }
        Random rnd = new Random(seed);
        List<String> sources = new ArrayList<>(logs.keySet());
        int fed = 0;
        while (true) {
            List<String> open = sources.stream().filter(s -> pos.get(s) < logs.get(s).size()).toList();
            if (open.isEmpty()) {
                return fed;
            }
            String s = open.get(rnd.nextInt(open.size()));
            int n = 1 + rnd.nextInt(6);
            for (int k = 0; k < n && pos.get(s) < logs.get(s).size(); k++) {
                int off = pos.get(s);
                SyntheticSession.Out o = logs.get(s).get(off);
                pos.put(s, off + 1);
                Object v = o.value();
                if (v instanceof Plane p) {
                    r.plane(s, off, 0, p);
                } else if (v instanceof EphysBlock b) {
                    r.ephys(s, off, 0, b);
                } else if (v instanceof RigEvent e) {
                    r.rigEvent(s, off, 0, e);
                } else {
                    r.traces(s, off, 0, (TraceBlock) v);
                }
                fed++;
                atStep.accept(fed);
            }
        }
    }

    /** Copies an archive as a crash leaves it: commit record first, then everything else. */
    static void snapshot(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve("commit.json"), to.resolve("commit.json"));
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
                if (!p.getFileName().toString().equals("commit.json")) {
                    try {
                        Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
                    } catch (NoSuchFileException e) {
                        // renamed away meanwhile
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Test
    void recordsASessionWithTilesGapsAndDuplicates() throws Exception {
        SyntheticSession s = SyntheticSession.small("fish-01");
        Path dir = tmp.resolve("a");
        try (SessionRecorder r = SessionRecorder.open(RecorderSettings.of("fish-01", dir))) {
            feed(r, logs(s.records()), Map.of(), 1, n -> { });
            RecorderStats st = r.stats();
            assertEquals(1, st.ephysGaps());
            assertEquals(200, st.ephysGapSamples());
            assertEquals(1, st.ephysDuplicateBlocks());
            assertTrue(r.sessionEnded());
        }
        SessionArchive a = SessionArchive.open(dir);
        assertEquals(s.frames, a.commit().rawFrames());
        assertEquals(s.frames, a.commit().traceFrames());
        assertEquals(s.totalSamples(), a.commit().ephysSamples());
        assertEquals(s.width, a.meta().width());
        assertEquals(s.neurons, a.meta().neurons());
        assertEquals(SyntheticSession.PERIOD, a.meta().volumePeriodS());
        assertEquals(SyntheticSession.T0, a.meta().frameZeroNs());
        assertEquals(SyntheticSession.T0, a.meta().sampleZeroNs());
        short[] p = new short[s.width * s.height];
        a.readPlane(7, 3, p);
        assertEquals(s.plane(7, 3)[5 + 9 * s.width], p[5 + 9 * s.width]);
        float[] tr = new float[s.neurons];
        a.readTraces(33, 34, 0, s.neurons, tr);
        assertEquals(SyntheticSession.dff(33, 1099), tr[1099]);
        float[] e = new float[3 * 300];
        a.readEphys(s.gapFrom - 50, s.gapFrom + 250, e);
        assertEquals(SyntheticSession.ephys(s.gapFrom - 50, 2), e[2 * 300]);
        assertTrue(Float.isNaN(e[50]) && Float.isNaN(e[249]), "the gap is NaN");
        assertEquals(SyntheticSession.ephys(s.gapTo, 0), e[250]);
        assertEquals(List.of(new ArchiveNote(ArchiveNote.EPHYS_GAP, SyntheticSession.T0
                + Math.round(s.gapFrom / SyntheticSession.RATE * 1e9), s.gapFrom, 200,
                "samples never arrived; stored as NaN")), a.notes());
        assertEquals(2 + s.frames / 10, a.rigEvents().size());
    }

    @Test
    void aResumedRecordingEqualsAnUninterruptedOne() throws Exception {
        SyntheticSession s = SyntheticSession.small("fish-01");
        Map<String, List<SyntheticSession.Out>> logs = logs(s.records());
        int total = logs.values().stream().mapToInt(List::size).sum();
        Path whole = tmp.resolve("whole");
        List<Integer> crashAt = List.of(total / 7, total / 3, total / 2 + 17, total - 40);
        List<Path> crashes = new ArrayList<>();
        try (SessionRecorder r = SessionRecorder.open(RecorderSettings.of("fish-01", whole))) {
            feed(r, logs, Map.of(), 7, n -> {
                if (crashAt.contains(n)) {
                    try {
                        Path c = tmp.resolve("crash-" + n);
                        snapshot(whole, c);
                        crashes.add(c);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
        }
        SessionArchive expected = SessionArchive.open(whole);
        int seed = 100;
        for (Path c : crashes) {
            try (SessionRecorder r = SessionRecorder.open(RecorderSettings.of("fish-01", c))) {
                assertTrue(r.stats().resumed());
                feed(r, logs, r.startPositions(), seed++, n -> { });
            }
            SessionArchive got = SessionArchive.open(c);
            ArchiveAssert.sameArrays(expected, got);
            ArchiveAssert.sameEvents(expected, got);
        }
    }

    @Test
    void anArchiveOfAnotherSessionIsRefusedInPlainWords() throws Exception {
        Path dir = tmp.resolve("x");
        SessionRecorder.open(RecorderSettings.of("fish-01", dir)).close();
        IOException e = assertThrows(IOException.class,
                () -> SessionRecorder.open(RecorderSettings.of("fish-02", dir)));
        assertTrue(e.getMessage().contains("holds a recording of session fish-01, not fish-02"), e.getMessage());
    }

    @Test
    void lostDataIsGivenUpAfterTheWindow() throws Exception {
        SyntheticSession s = SyntheticSession.small("fish-03");
        List<SyntheticSession.Out> all = new ArrayList<>(s.records());
        // lose plane 2 of volume 5 (both tiles... volume 5 is odd: tiled) and trace block 1 of frame 9
        all.removeIf(o -> o.value() instanceof Plane p && p.frame() == 5 && p.z() == 2);
        all.removeIf(o -> o.value() instanceof TraceBlock t && t.frame() == 9 && t.block() == 1);
        Path dir = tmp.resolve("lost");
        try (SessionRecorder r = SessionRecorder.open(RecorderSettings.of("fish-03", dir))) {
            feed(r, logs(all), Map.of(), 3, n -> { });
            assertEquals(1, r.stats().volumesGivenUp());
            assertEquals(1, r.stats().traceFramesGivenUp());
        }
        SessionArchive a = SessionArchive.open(dir);
        assertEquals(s.frames, a.commit().rawFrames());
        assertEquals(s.frames, a.commit().traceFrames());
        short[] p = new short[s.width * s.height];
        a.readPlane(5, 2, p);
        assertEquals(0, p[17]);
        float[] tr = new float[s.neurons];
        a.readTraces(9, 10, 0, s.neurons, tr);
        assertTrue(Float.isNaN(tr[600]));
        assertEquals(SyntheticSession.dff(9, 100), tr[100]);
        assertEquals(List.of(ArchiveNote.EPHYS_GAP, ArchiveNote.PLANES_MISSING, ArchiveNote.TRACE_BLOCKS_MISSING),
                a.notes().stream().map(ArchiveNote::kind).sorted().toList());
    }
}
