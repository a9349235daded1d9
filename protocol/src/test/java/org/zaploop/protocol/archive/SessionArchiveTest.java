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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.archive.zarr.DataType;
import org.zaploop.protocol.archive.zarr.ZarrArray;

/** Write a whole small session, close it, open it again and compare every part. */
class SessionArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void everyPartRoundTrips() throws Exception {
        Path dir = tmp.resolve("s");
        int frames = 5;
        int traceFrames = 600; // one full 512-frame chunk row and a partial one
        try (SessionArchive a = SessionArchive.create(dir, Sessions.meta())) {
            // planes arrive out of order and interleaved across volumes, as from z-partitioned topics
            for (int z = D - 1; z >= 0; z--) {
                for (long f = frames - 1; f >= 0; f--) {
                    assertTrue(a.writePlane(f, z, Sessions.plane(f, z)));
                }
            }
            assertEquals(frames, a.commit().rawFrames());
            assertFalse(a.writePlane(2, 1, Sessions.plane(2, 1)), "a redelivered plane of a committed volume");
            for (long t = 0; t < traceFrames; t++) {
                assertTrue(a.appendTraces(t, Sessions.traceFrame(t)));
            }
            assertEquals(512, a.commit().traceFrames(), "committed at the chunk boundary");
            a.appendEphys(0, Sessions.ephysBlock(0, 70000), 70000);
            assertEquals(65536, a.commit().ephysSamples());
            a.appendEvent("{\"kind\": \"CONDITION\", \"frame\": 0, \"condition\": 0}");
            a.appendEvent("{\"kind\":\"STIMULUS\",\"stimulus\":\"dots\"}");
            a.writeLabels(Sessions.labels());
            a.writeNeuronTable(Sessions.table(NEURONS));
        }

        SessionArchive r = SessionArchive.open(dir);
        assertFalse(r.isZapbench());
        assertEquals(Sessions.meta(), r.meta());
        CommitRecord c = r.commit();
        assertEquals(frames, c.rawFrames());
        assertEquals(traceFrames, c.traceFrames());
        assertEquals(70000, c.ephysSamples());
        assertEquals(2, c.eventCount());
        assertTrue(c.labels());
        assertEquals(NEURONS, c.neuronTableRows());
        assertEquals(traceFrames, r.framesComplete());

        short[] p = new short[W * H];
        for (long f = 0; f < frames; f++) {
            for (int z = 0; z < D; z++) {
                r.readPlane(f, z, p);
                assertArrayEquals(Sessions.plane(f, z), p, "frame " + f + " plane " + z);
            }
        }
        float[] tr = new float[20 * 300];
        r.readTraces(500, 520, 400, 700, tr);
        for (int i = 0; i < 20; i++) {
            for (int n = 0; n < 300; n++) {
                assertEquals(Sessions.dff(500 + i, 400 + n), tr[i * 300 + n]);
            }
        }
        float[] e = new float[CHANNELS * 10];
        r.readEphys(65530, 65540, e);
        for (int ch = 0; ch < CHANNELS; ch++) {
            for (int s = 0; s < 10; s++) {
                assertEquals(Sessions.ephys(65530 + s, ch), e[ch * 10 + s]);
            }
        }
        assertEquals(List.of("{\"kind\":\"CONDITION\",\"frame\":0,\"condition\":0}",
                "{\"kind\":\"STIMULUS\",\"stimulus\":\"dots\"}"), r.events());
        int[] labels = new int[W * H * D];
        r.readLabels(labels);
        assertArrayEquals(Sessions.labels(), labels);
        int[] plane = new int[W * H];
        r.readLabelPlane(2, plane);
        assertArrayEquals(java.util.Arrays.copyOfRange(Sessions.labels(), 2 * W * H, 3 * W * H), plane);
        assertEquals(Sessions.table(NEURONS), r.neuronTable().orElseThrow());

        // the on-disk layout is plain zarr v3 with the committed shapes
        assertArrayEquals(new long[] {W, H, D, frames}, ZarrArray.open(dir.resolve("raw")).shape());
        assertArrayEquals(new long[] {traceFrames, NEURONS}, ZarrArray.open(dir.resolve("traces")).shape());
        assertEquals(DataType.UINT32, ZarrArray.open(dir.resolve("segmentation")).dataType());
        assertTrue(Files.isRegularFile(dir.resolve("raw/c/0/0/2/4")));
        assertTrue(Files.isRegularFile(dir.resolve("traces/c/1/1")));
        assertTrue(Files.isRegularFile(dir.resolve("ephys/c/0/1")));
        assertTrue(Files.readString(dir.resolve("zarr.json")).contains("\"session_id\" : \"fish-01\""));
        assertThrows(IndexOutOfBoundsException.class, () -> r.readPlane(frames, 0, new short[W * H]));
        assertThrows(IndexOutOfBoundsException.class, () -> r.readTraces(0, 601, 0, 1, new float[601]));
        assertThrows(IllegalStateException.class, () -> r.appendTraces(600, Sessions.traceFrame(600)));
    }

    @Test
    void gapsAreNaNAndDuplicatesAreIgnored() throws Exception {
        Path dir = tmp.resolve("g");
        try (SessionArchive a = SessionArchive.create(dir, Sessions.meta())) {
            a.appendTraces(0, Sessions.traceFrame(0));
            a.appendTraces(3, Sessions.traceFrame(3));
            assertFalse(a.appendTraces(2, Sessions.traceFrame(2)));
            a.appendEphys(0, Sessions.ephysBlock(0, 10), 10);
            a.appendEphys(5, Sessions.ephysBlock(5, 10), 10); // overlaps 5..9: skipped
            a.appendEphys(20, Sessions.ephysBlock(20, 5), 5); // gap 15..19: NaN
        }
        SessionArchive r = SessionArchive.open(dir);
        assertEquals(4, r.commit().traceFrames());
        float[] t = new float[4];
        r.readTraces(0, 4, 7, 8, t);
        assertEquals(Sessions.dff(0, 7), t[0]);
        assertTrue(Float.isNaN(t[1]) && Float.isNaN(t[2]));
        assertEquals(Sessions.dff(3, 7), t[3]);
        assertEquals(25, r.commit().ephysSamples());
        float[] e = new float[CHANNELS * 25];
        r.readEphys(0, 25, e);
        assertEquals(Sessions.ephys(12, 1), e[25 + 12]);
        assertTrue(Float.isNaN(e[25 + 17]));
        assertEquals(Sessions.ephys(24, 2), e[50 + 24]);
        assertEquals(0, r.commit().rawFrames());
        assertTrue(r.neuronTable().isEmpty());
    }

    @Test
    void badArchivesAreNamedErrors() throws Exception {
        Path dir = tmp.resolve("b");
        SessionArchive.create(dir, Sessions.meta()).close();

        Files.writeString(dir.resolve("commit.json"), "{\"format\": \"zaploop-archive-commit\", \"version\": 1}");
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> SessionArchive.open(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("commit.json") + ": field 'sequence'"), e.getMessage());

        Path other = tmp.resolve("o");
        SessionArchive.create(other, Sessions.meta()).close();
        String tj = Files.readString(other.resolve("traces/zarr.json"));
        Files.writeString(other.resolve("traces/zarr.json"), tj.replace("\"float32\"", "\"float64\""));
        e = assertThrows(ArchiveFormatException.class, () -> SessionArchive.open(other));
        assertEquals(other.resolve("traces/zarr.json") + ": data_type is float64, expected float32", e.getMessage());
        Files.writeString(other.resolve("traces/zarr.json"), tj.replace("700", "701"));
        e = assertThrows(ArchiveFormatException.class, () -> SessionArchive.open(other));
        assertTrue(e.getMessage().contains("does not match the meta"), e.getMessage());

        e = assertThrows(ArchiveFormatException.class, () -> SessionArchive.open(tmp.resolve("nothing")));
        assertTrue(e.getMessage().contains("neither a ZapLoop session archive"), e.getMessage());
        assertThrows(java.io.IOException.class, () -> SessionArchive.create(dir, Sessions.meta()));
    }
}
