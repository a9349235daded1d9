package org.zaploop.protocol.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.zaploop.protocol.archive.zarr.ArraySpec;
import org.zaploop.protocol.archive.zarr.DataType;
import org.zaploop.protocol.archive.zarr.Order;
import org.zaploop.protocol.archive.zarr.ZarrArray;

/**
 * A tiny directory laid out like the ZAPBench release ({@code traces} zarr v3 [t, neuron] float32 in [512, 512]
 * uncompressed chunks, {@code segmentation} [x, y, z], {@code stimuli_features} zarr v2) opens as a partial
 * archive with ZAPBench's defaults.
 */
class ZapbenchLayoutTest {

    private static final int T = 700;
    private static final int N = 600;

    @TempDir
    Path tmp;

    private static float trace(int t, int n) {
        return Math.max(-0.25f, Math.min(1.5f, (float) Math.sin(t * 0.1 + n)));
    }

    /** Writes the traces array by hand, the way tensorstore lays it out. */
    private static void writeTraces(Path dir, boolean skipOne) throws Exception {
        Path a = dir.resolve("traces");
        Files.createDirectories(a);
        Files.writeString(a.resolve("zarr.json"), "{\"zarr_format\":3,\"node_type\":\"array\",\"shape\":[" + T + ","
                + N + "],\"data_type\":\"float32\",\"chunk_grid\":{\"name\":\"regular\",\"configuration\":"
                + "{\"chunk_shape\":[512,512]}},\"chunk_key_encoding\":{\"name\":\"default\"},\"fill_value\":0.0,"
                + "\"codecs\":[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"little\"}}],"
                + "\"dimension_names\":[\"t\",\"neuron\"],\"attributes\":{}}");
        for (int ct = 0; ct < 2; ct++) {
            for (int cn = 0; cn < 2; cn++) {
                if (skipOne && ct == 1 && cn == 0) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.allocate(512 * 512 * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 512; i++) {
                    for (int j = 0; j < 512; j++) {
                        int t = ct * 512 + i;
                        int n = cn * 512 + j;
                        b.putFloat(t < T && n < N ? trace(t, n) : 0f);
                    }
                }
                Files.createDirectories(a.resolve("c/" + ct));
                Files.write(a.resolve("c/" + ct + "/" + cn), b.array());
            }
        }
    }

    private static void writeStimuli(Path dir) throws Exception {
        Path a = dir.resolve("stimuli_features");
        Files.createDirectories(a);
        Files.writeString(a.resolve(".zarray"), "{\"zarr_format\": 2, \"shape\": [" + T + ", 26], \"chunks\": [" + T
                + ", 26], \"dtype\": \"<f4\", \"compressor\": {\"id\": \"gzip\", \"level\": 1}, \"fill_value\": 0.0,"
                + " \"order\": \"C\", \"filters\": null}");
        ByteBuffer b = ByteBuffer.allocate(T * 26 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < T * 26; i++) {
            b.putFloat(i % 26 == 3 ? 1f : 0f);
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
            g.write(b.array());
        }
        Files.write(a.resolve("0.0"), bos.toByteArray());
    }

    @Test
    void opensAsATracesOnlyArchiveWithZapbenchDefaults() throws Exception {
        Path dir = tmp.resolve("20240930");
        writeTraces(dir, false);
        writeStimuli(dir);
        // a label volume [x, y, z] = [6, 4, 3] in [4, 4, 2] chunks, C order; the all-background chunk is absent
        ZarrArray seg = ZarrArray.create(dir.resolve("segmentation"),
                ArraySpec.of(DataType.UINT32, new long[] {6, 4, 3}, new int[] {4, 4, 2}));
        int[] labels = new int[6 * 4 * 3];
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 6; x++) {
                    labels[x + 6 * (y + 4 * z)] = 1 + (x + 3 * y + 7 * z) % N;
                }
            }
        }
        seg.writeInt(new long[] {0, 0, 0}, new int[] {6, 4, 2}, labels, Order.F);
        assertFalse(seg.chunkExists(0, 0, 1));

        assertTrue(SessionArchive.isZapbenchLayout(dir));
        SessionArchive a = SessionArchive.open(dir);
        assertTrue(a.isZapbench());
        ArchiveMeta m = a.meta();
        assertEquals(0.9141, m.volumePeriodS());
        assertEquals(0.406, m.voxelXUm());
        assertEquals(4.0, m.voxelZUm());
        assertEquals(N, m.neurons());
        assertEquals(6, m.width());
        assertEquals(T, a.framesComplete());
        float[] tr = new float[3 * 200];
        a.readTraces(510, 513, 400, 600, tr);
        for (int i = 0; i < 3; i++) {
            for (int n = 0; n < 200; n++) {
                assertEquals(trace(510 + i, 400 + n), tr[i * 200 + n]);
            }
        }
        int[] back = new int[labels.length];
        a.readLabels(back);
        assertArrayEquals(labels, back);
        float[] stim = new float[26];
        a.stimuliFeatures().orElseThrow().readFloat(new long[] {699, 0}, new int[] {1, 26}, stim);
        assertEquals(1f, stim[3]);
        assertEquals(0f, stim[4]);
        assertTrue(a.raw().isEmpty());
        assertThrows(ArchiveFormatException.class, () -> a.readPlane(0, 0, new short[m.planePixels()]));
    }

    @Test
    void withoutSegmentationTheGeometryIsZapbenchs_andMissingTraceChunksAreErrors() throws Exception {
        Path dir = tmp.resolve("z");
        writeTraces(dir, true);
        SessionArchive a = SessionArchive.open(dir);
        assertEquals(2048, a.meta().width());
        assertEquals(1328, a.meta().height());
        assertEquals(72, a.meta().depth());
        assertTrue(a.segmentation().isEmpty());
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> a.readTraces(600, 601, 0, 1, new float[1]));
        assertTrue(e.getMessage().endsWith("chunk c/1/0 of traces is missing although frame 512 was recorded"),
                e.getMessage());
        assertFalse(SessionArchive.isZapbenchLayout(tmp));
    }

    @Test
    void aZaploopArchiveIsNotTakenForZapbench() throws Exception {
        Path dir = tmp.resolve("zl");
        SessionArchive.create(dir, Sessions.meta()).close();
        assertFalse(SessionArchive.isZapbenchLayout(dir));
        assertFalse(SessionArchive.open(dir).isZapbench());
    }
}
