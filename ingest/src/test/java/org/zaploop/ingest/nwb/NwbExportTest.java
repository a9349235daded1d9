package org.zaploop.ingest.nwb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/** Export to NWB and read the file back with jHDF and, where installed, with h5py. */
class NwbExportTest {

    static final int W = 12;
    static final int H = 8;
    static final int D = 3;
    static final int T = 5;
    static final int N = 700;
    static final int C = 2;
    static final long S = 3000;
    static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    static Path tmp;
    static Path archive;
    static Path nwb;

    static short px(int t, int x, int y, int z) {
        return (short) (100 + t * 1000 + z * 100 + y * 10 + x);
    }

    @BeforeAll
    static void export() throws Exception {
        archive = tmp.resolve("a");
        ArchiveMeta meta = new ArchiveMeta("fish-nwb", W, H, D, 0.4, 0.4, 4, 0.5, N, C, 1000, Map.of())
                .withStartTimes(T0, T0 + 10_000_000L);
        try (SessionArchive a = SessionArchive.create(archive, meta)) {
            for (int t = 0; t < T; t++) {
                for (int z = 0; z < D; z++) {
                    short[] p = new short[W * H];
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            p[x + y * W] = px(t, x, y, z);
                        }
                    }
                    a.writePlane(t, z, p);
                }
                float[] f = new float[N];
                for (int n = 0; n < N; n++) {
                    f[n] = t + n / 1000f;
                }
                a.appendTraces(t, f);
            }
            float[] e = new float[(int) S * C];
            for (int s = 0; s < S; s++) {
                e[s * C] = s;
                e[s * C + 1] = -s;
            }
            a.appendEphys(0, e, 1000);
            a.appendEphys(1200, java.util.Arrays.copyOfRange(e, 2400, e.length), (int) S - 1200); // gap 1000..1199
            int[] ids = new int[N];
            float[] cx = new float[N];
            int[] vc = new int[N];
            for (int n = 0; n < N; n++) {
                ids[n] = 5000 + n;
                cx[n] = n * 0.5f;
                vc[n] = 1 + n % 9;
            }
            a.writeNeuronTable(new NeuronTable(ids, cx, cx.clone(), new float[N], vc));
            int[] labels = new int[W * H * D];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 7 == 0 ? 0 : 1 + i % N;
            }
            a.writeLabels(labels);
            a.appendEvent(new RigEvent("fish-nwb", T0 + 500_000_000L, RigEventKind.STIMULUS, 1L, 2, "grating",
                    Map.of("velocity", 10.0), null, null));
            a.appendEvent(new RigEvent("fish-nwb", T0 + 1_500_000_000L, RigEventKind.STIMULUS, 3L, 4, "dark",
                    Map.of(), null, null));
            a.appendEvent(RigEvent.of("fish-nwb", T0 + 2_000_000_000L, RigEventKind.HEARTBEAT));
        }
        nwb = tmp.resolve("out.nwb");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ExportNwbCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(archive.toString(), nwb.toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("Wrote " + nwb + ": 5 volumes, 5 trace frames × 700 neurons, "
                + "3000 ephys samples, 2 stimulus intervals"), out.toString());
    }

    static String text(Object attrOrData) {
        Object o = attrOrData;
        if (o instanceof String[] a) {
            return a[0];
        }
        return o.toString();
    }

    @Test
    void jhdfReadsTheNwbLayoutBack() throws Exception {
        try (HdfFile f = new HdfFile(nwb)) {
            assertEquals("core", text(f.getAttribute("namespace").getData()));
            assertEquals("NWBFile", text(f.getAttribute("neurodata_type").getData()));
            assertEquals("2.7.0", text(f.getAttribute("nwb_version").getData()));
            assertEquals(36, text(f.getAttribute("object_id").getData()).length());
            assertEquals("2023-11-14T22:13:20Z", text(f.getDatasetByPath("session_start_time").getData()));
            assertTrue(text(f.getDatasetByPath("identifier").getData()).startsWith("fish-nwb-"));
            assertTrue(text(f.getDatasetByPath("session_description").getData()).contains("fish-nwb"));
            for (String g : new String[] {"acquisition", "analysis", "processing", "stimulus", "general", "intervals"}) {
                assertTrue(f.getChild(g) instanceof Group, g);
            }

            Dataset raw = f.getDatasetByPath("acquisition/ImageSeries/data");
            assertArrayEquals(new int[] {T, W, H, D}, raw.getDimensions());
            int[][][][] r = (int[][][][]) raw.getData(); // unsigned 16-bit read back as int
            assertEquals(Short.toUnsignedInt(px(3, 7, 5, 2)), r[3][7][5][2]);
            assertEquals("ImageSeries", text(f.getByPath("acquisition/ImageSeries").getAttribute("neurodata_type")
                    .getData()));
            Dataset st = f.getDatasetByPath("acquisition/ImageSeries/starting_time");
            assertEquals(0.0, (double) st.getData());
            assertEquals(2.0f, (float) st.getAttribute("rate").getData());
            assertEquals("seconds", text(st.getAttribute("unit").getData()));
            assertEquals(1.0f, (float) raw.getAttribute("conversion").getData());

            Dataset dff = f.getDatasetByPath("processing/ophys/DfOverF/RoiResponseSeries/data");
            assertArrayEquals(new int[] {T, N}, dff.getDimensions());
            float[][] d = (float[][]) dff.getData();
            assertEquals(4 + 699 / 1000f, d[4][699]);
            Dataset rois = f.getDatasetByPath("processing/ophys/DfOverF/RoiResponseSeries/rois");
            assertEquals("DynamicTableRegion", text(rois.getAttribute("neurodata_type").getData()));
            assertEquals("/processing/ophys/ImageSegmentation/PlaneSegmentation",
                    text(rois.getAttribute("table").getData()));
            int[] ids = (int[]) f.getDatasetByPath("processing/ophys/ImageSegmentation/PlaneSegmentation/neuron_id")
                    .getData();
            assertEquals(5699, ids[699]);
            assertArrayEquals(new int[] {W, H, D}, f.getDatasetByPath(
                    "processing/ophys/ImageSegmentation/PlaneSegmentation/label_volume").getDimensions());

            Dataset eph = f.getDatasetByPath("acquisition/ElectricalSeries/data");
            assertArrayEquals(new int[] {(int) S, C}, eph.getDimensions());
            float[][] e = (float[][]) eph.getData();
            assertEquals(-2999f, e[2999][1]);
            assertTrue(Float.isNaN(e[1100][0]), "the gap is NaN");
            assertEquals(0.01, (double) f.getDatasetByPath("acquisition/ElectricalSeries/starting_time").getData(),
                    1e-12);

            double[] start = (double[]) f.getDatasetByPath("intervals/stimuli/start_time").getData();
            double[] stop = (double[]) f.getDatasetByPath("intervals/stimuli/stop_time").getData();
            assertArrayEquals(new double[] {0.5, 1.5}, start);
            assertArrayEquals(new double[] {1.5, 2.5}, stop);
            assertEquals("TimeIntervals", text(f.getByPath("intervals/stimuli").getAttribute("neurodata_type")
                    .getData()));
        }
    }

    static int walk(Group g) {
        int n = 0;
        for (io.jhdf.api.Node c : g.getChildren().values()) {
            c.getAttributes();
            n++;
            if (c instanceof Group sub) {
                n += walk(sub);
            } else {
                ((Dataset) c).getData();
            }
        }
        return n;
    }

    @Test
    void everyObjectReadsBack() throws Exception {
        try (HdfFile f = new HdfFile(nwb)) {
            assertTrue(walk(f) > 40);
        }
        Assumptions.assumeTrue(h5pyAvailable(), "h5py is not installed");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, h5py\n"
                + "f = h5py.File(sys.argv[1], 'r')\nn = []\n"
                + "f.visititems(lambda k, o: n.append((k, o[()] if isinstance(o, h5py.Dataset) else dict(o.attrs))))\n"
                + "print(len(n))", nwb.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void h5pyReadsTheSameFile() throws Exception {
        Assumptions.assumeTrue(h5pyAvailable(), "h5py is not installed (apt-get install python3-h5py)");
        String script = String.join("\n",
                "import sys, json, math, h5py",
                "f = h5py.File(sys.argv[1], 'r')",
                "def s(v): return v.decode() if isinstance(v, bytes) else str(v)",
                "raw = f['acquisition/ImageSeries/data']",
                "dff = f['processing/ophys/DfOverF/RoiResponseSeries/data']",
                "e = f['acquisition/ElectricalSeries/data']",
                "print(json.dumps({",
                " 'nwb_version': s(f.attrs['nwb_version']), 'namespace': s(f.attrs['namespace']),",
                " 'type': s(f.attrs['neurodata_type']), 'start': s(f['session_start_time'][()]),",
                " 'raw_shape': list(raw.shape), 'raw_dtype': str(raw.dtype), 'raw': int(raw[3, 7, 5, 2]),",
                " 'dff_shape': list(dff.shape), 'dff': float(dff[4, 699]),",
                " 'ephys_shape': list(e.shape), 'ephys': float(e[2999, 1]), 'gap': math.isnan(e[1100, 0]),",
                " 'rate': float(f['acquisition/ImageSeries/starting_time'].attrs['rate']),",
                " 'colnames': [s(c) for c in f['intervals/stimuli'].attrs['colnames']],",
                " 'stim': [s(c) for c in f['intervals/stimuli/stimulus'][()]],",
                " 'label_dtype': str(f['processing/ophys/ImageSegmentation/PlaneSegmentation/label_volume'].dtype),",
                "}))");
        Path py = tmp.resolve("check.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), nwb.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        JsonNode n = new ObjectMapper().readTree(out);
        assertEquals("2.7.0", n.get("nwb_version").asText());
        assertEquals("core", n.get("namespace").asText());
        assertEquals("NWBFile", n.get("type").asText());
        assertEquals("2023-11-14T22:13:20Z", n.get("start").asText());
        assertEquals("[5,12,8,3]", n.get("raw_shape").toString());
        assertEquals("uint16", n.get("raw_dtype").asText());
        assertEquals(Short.toUnsignedInt(px(3, 7, 5, 2)), n.get("raw").asInt());
        assertEquals("[5,700]", n.get("dff_shape").toString());
        assertEquals(4 + 699 / 1000f, (float) n.get("dff").asDouble());
        assertEquals("[3000,2]", n.get("ephys_shape").toString());
        assertEquals(-2999.0, n.get("ephys").asDouble());
        assertTrue(n.get("gap").asBoolean());
        assertEquals(2.0, n.get("rate").asDouble());
        assertEquals("[\"start_time\",\"stop_time\",\"kind\",\"stimulus\",\"condition\",\"frame\"]",
                n.get("colnames").toString());
        assertEquals("[\"grating\",\"dark\"]", n.get("stim").toString());
        assertEquals("uint32", n.get("label_dtype").asText());
    }

    static boolean h5pyAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import h5py").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aLargeSessionIsExportedAsADocumentedSubset() throws Exception {
        Path small = tmp.resolve("small.nwb");
        NwbExporter.Summary s = NwbExporter.export(SessionArchive.open(archive), small,
                new NwbExporter.Options(4000, -1));
        assertEquals(3, s.rawFrames(), "raw gets half of the 4000 bytes: 3 volumes of 576 bytes");
        assertTrue(s.cut().stream().anyMatch(c -> c.startsWith("raw: ")), s.cut().toString());
        try (HdfFile f = new HdfFile(small)) {
            assertTrue(text(f.getDatasetByPath("session_description").getData()).contains("subset"));
        }
    }

    @Test
    void aMissingArchiveFailsInPlainWords() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ExportNwbCommand()).setErr(new PrintWriter(err))
                .execute(tmp.resolve("nope").toString(), tmp.resolve("x.nwb").toString());
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("export-nwb: " + tmp.resolve("nope")), err.toString());
    }
}
