package org.zaploop.ingest.nwb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;

import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/**
 * Writes a session archive as an NWB 2.7 file (HDF5, through jHDF's writer):
 * <ul>
 *   <li>{@code /acquisition/ImageSeries}: the raw volumes, uint16 [t, x, y, z] (the first {@code rawFrames}
 *       volumes that fit the size limit: a documented subset for large sessions);</li>
 *   <li>{@code /acquisition/ElectricalSeries}: the ephys, float32 [sample, channel], with
 *       {@code /general/extracellular_ephys/electrodes};</li>
 *   <li>{@code /processing/ophys/ImageSegmentation/PlaneSegmentation}: the neuron table (id, centroid, voxel
 *       count; the label volume as {@code label_volume} uint32 [x, y, z] when it fits);</li>
 *   <li>{@code /processing/ophys/DfOverF/RoiResponseSeries}: ΔF/F, float32 [t, neuron];</li>
 *   <li>{@code /intervals/stimuli}: a TimeIntervals table of the rig events (each lasts until the next one).</li>
 * </ul>
 * Every group and typed dataset carries {@code namespace}, {@code neurodata_type} and {@code object_id}; time
 * series carry {@code starting_time} with {@code rate} and {@code unit}, and their {@code data} the
 * {@code unit}, {@code conversion}, {@code resolution} and {@code offset} attributes. Deviations forced by the
 * writer (jHDF 0.13 writes no HDF5 links or object references, and only fixed-length strings): the
 * {@code imaging_plane} and {@code device} links, the electrode group and the devices are absent, DynamicTableRegion
 * {@code table} attributes hold the target's path as a string, and required groups that would be empty
 * ({@code analysis}, {@code stimulus/templates} ...) hold one {@code zaploop_note} string dataset, as the writer
 * corrupts empty groups. Data is held in memory until the file is closed, hence the size limit.
 * Reads the archive only; no topic.
 */
public final class NwbExporter {

    /** The NWB schema version the layout follows. */
    public static final String NWB_VERSION = "2.7.0";

    /**
     * How much to write.
     *
     * @param maxBytes  the most bytes of array data to hold and write (all datasets together)
     * @param rawFrames volumes of raw data to write at most (−1 = as many as fit)
     */
    public record Options(long maxBytes, long rawFrames) {
        public static Options defaults() {
            return new Options(1L << 30, -1);
        }
    }

    /** What was written: counts per part, and the parts that were cut to fit. */
    public record Summary(long rawFrames, long rawFramesInArchive, long traceFrames, long traceFramesInArchive,
                          long ephysSamples, long ephysSamplesInArchive, int neurons, int intervals,
                          List<String> cut) {
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private NwbExporter() {
    }

    /** Exports {@code archive} to {@code out} (replaced if it exists). */
    public static Summary export(SessionArchive archive, Path out, Options o) throws IOException {
        ArchiveMeta m = archive.meta();
        List<RigEvent> events = archive.isZapbench() ? List.of() : archive.rigEvents();
        long start = startNs(m, events);
        List<String> cut = new ArrayList<>();
        long budget = o.maxBytes();

        long volumeBytes = 2L * m.planePixels() * m.depth();
        long rawAvail = archive.commit().rawFrames();
        long rawN = Math.min(rawAvail, o.rawFrames() >= 0 ? o.rawFrames() : budget / 2 / Math.max(1, volumeBytes));
        rawN = Math.min(rawN, Integer.MAX_VALUE / Math.max(1, (long) m.width() * m.height()));
        budget -= rawN * volumeBytes;
        if (rawN < rawAvail) {
            cut.add("raw: " + rawN + " of " + rawAvail + " volumes");
        }
        long traceAvail = m.neurons() > 0 ? archive.commit().traceFrames() : 0;
        long traceN = Math.min(traceAvail, Math.max(0, budget / 2) / Math.max(1, 4L * m.neurons()));
        budget -= traceN * 4L * m.neurons();
        if (traceN < traceAvail) {
            cut.add("traces: " + traceN + " of " + traceAvail + " frames");
        }
        long ephysAvail = m.ephysChannels() > 0 ? archive.commit().ephysSamples() : 0;
        long ephysN = Math.min(ephysAvail, Math.max(0, budget) / Math.max(1, 4L * m.ephysChannels()));
        ephysN = Math.min(ephysN, Integer.MAX_VALUE);
        if (ephysN < ephysAvail) {
            cut.add("ephys: " + ephysN + " of " + ephysAvail + " samples");
        }

        Files.deleteIfExists(out);
        int intervals;
        Optional<NeuronTable> table = archive.neuronTable();
        try (WritableHdfFile f = HdfFile.write(out)) {
            typed(f, "core", "NWBFile");
            f.putAttribute("nwb_version", NWB_VERSION);
            f.putDataset("file_create_date", new String[] {ISO.format(Instant.now())});
            f.putDataset("identifier", m.sessionId() + "-" + UUID.randomUUID());
            f.putDataset("session_description", "ZapLoop session " + m.sessionId() + (cut.isEmpty() ? ""
                    : " (subset: " + String.join("; ", cut) + ")"));
            f.putDataset("session_start_time", ISO.format(Instant.ofEpochSecond(0, start)));
            f.putDataset("timestamps_reference_time", ISO.format(Instant.ofEpochSecond(0, start)));
            WritableGroup acquisition = f.putGroup("acquisition");
            placeholder(f.putGroup("analysis"));
            WritableGroup stimulus = f.putGroup("stimulus");
            WritableGroup presentation = stimulus.putGroup("presentation");
            placeholder(stimulus.putGroup("templates"));
            WritableGroup general = f.putGroup("general");
            general.putDataset("session_id", m.sessionId());
            WritableGroup processing = f.putGroup("processing");

            double frameStart = m.frameZeroNs() == ArchiveMeta.UNKNOWN_TIME ? 0 : (m.frameZeroNs() - start) / 1e9;
            if (rawN > 0) {
                WritableGroup img = acquisition.putGroup("ImageSeries");
                typed(img, "core", "ImageSeries");
                img.putAttribute("description", "raw light-sheet volumes, uint16, dimensions frame, x, y, z");
                img.putAttribute("comments", rawN < rawAvail ? "subset: the first " + rawN + " of " + rawAvail
                        + " volumes" : "all volumes");
                WritableDataset d = img.putDataset("data", raw(archive, m, (int) rawN),
                        DatasetCreationOptions.builder().unsigned().chunkDimensions(1, m.width(), m.height(), 1)
                                .deflate(1).build());
                dataAttrs(d, "n.a.");
                img.putDataset("dimension", new int[] {m.width(), m.height(), m.depth()});
                startingTime(img, frameStart, 1 / m.volumePeriodS());
            }
            if (ephysN > 0) {
                WritableGroup ext = general.putGroup("extracellular_ephys");
                WritableGroup el = ext.putGroup("electrodes");
                typed(el, "hdmf-common", "DynamicTable");
                el.putAttribute("description", "ephys channels");
                el.putAttribute("colnames", new String[] {"location", "group_name"});
                int c = m.ephysChannels();
                int[] ids = new int[c];
                String[] loc = new String[c];
                String[] grp = new String[c];
                for (int i = 0; i < c; i++) {
                    ids[i] = i;
                    loc[i] = "channel " + i;
                    grp[i] = "tail";
                }
                ids(el, ids);
                column(el, "location", loc, "where the channel records");
                column(el, "group_name", grp, "name of the electrode group");
                WritableGroup es = acquisition.putGroup("ElectricalSeries");
                typed(es, "core", "ElectricalSeries");
                es.putAttribute("description", "ephys samples, dimensions sample, channel; gaps are NaN");
                es.putAttribute("comments", ephysN < ephysAvail ? "subset: the first " + ephysN + " of "
                        + ephysAvail + " samples" : "all samples");
                WritableDataset d = es.putDataset("data", ephys(archive, c, (int) ephysN),
                        DatasetCreationOptions.builder().chunkDimensions((int) Math.min(ephysN, 65536), c).deflate(1)
                                .build());
                dataAttrs(d, "volts");
                region(es, "electrodes", ids, "/general/extracellular_ephys/electrodes", "the channels");
                double t = m.sampleZeroNs() == ArchiveMeta.UNKNOWN_TIME ? frameStart : (m.sampleZeroNs() - start) / 1e9;
                startingTime(es, t, m.ephysSampleRateHz());
            }
            int n = m.neurons();
            if (n > 0 && (traceN > 0 || table.isPresent())) {
                WritableGroup ophys = processing.putGroup("ophys");
                typed(ophys, "core", "ProcessingModule");
                ophys.putAttribute("description", "optical physiology: segmentation and ΔF/F");
                WritableGroup seg = ophys.putGroup("ImageSegmentation");
                typed(seg, "core", "ImageSegmentation");
                WritableGroup ps = seg.putGroup("PlaneSegmentation");
                typed(ps, "core", "PlaneSegmentation");
                ps.putAttribute("description", "one row per neuron: row i = label i + 1 = trace column i");
                ps.putAttribute("colnames", new String[] {"neuron_id", "centroid_x", "centroid_y", "centroid_z",
                        "voxel_count"});
                int[] rows = new int[n];
                for (int i = 0; i < n; i++) {
                    rows[i] = i;
                }
                ids(ps, rows);
                if (table.isPresent() && table.get().size() == n) {
                    NeuronTable t = table.get();
                    column(ps, "neuron_id", t.ids(), "neuron id of the segmentation");
                    column(ps, "centroid_x", t.centroidX(), "centroid x, voxels");
                    column(ps, "centroid_y", t.centroidY(), "centroid y, voxels");
                    column(ps, "centroid_z", t.centroidZ(), "centroid z, planes");
                    column(ps, "voxel_count", t.voxelCount(), "voxels in the footprint");
                } else {
                    column(ps, "neuron_id", rows, "trace column (no neuron table in the archive)");
                    ps.putAttribute("colnames", new String[] {"neuron_id"});
                }
                long labelBytes = 4L * m.planePixels() * m.depth();
                if (archive.segmentation().isPresent() && labelBytes <= Math.max(0, budget)) {
                    int[][][] lv = labels(archive, m);
                    ps.putDataset("label_volume", lv, DatasetCreationOptions.builder().unsigned()
                            .chunkDimensions(m.width(), m.height(), 1).deflate(1).build());
                } else if (archive.segmentation().isPresent()) {
                    cut.add("label volume not written (too large)");
                }
                if (traceN > 0) {
                    WritableGroup dff = ophys.putGroup("DfOverF");
                    typed(dff, "core", "DfOverF");
                    WritableGroup rrs = dff.putGroup("RoiResponseSeries");
                    typed(rrs, "core", "RoiResponseSeries");
                    rrs.putAttribute("description", "ΔF/F per neuron, dimensions frame, neuron; missing data is NaN");
                    rrs.putAttribute("comments", traceN < traceAvail ? "subset: the first " + traceN + " of "
                            + traceAvail + " frames" : "all frames");
                    WritableDataset d = rrs.putDataset("data", traces(archive, n, (int) traceN),
                            DatasetCreationOptions.builder().chunkDimensions((int) Math.min(traceN, 512),
                                    Math.min(n, 512)).build());
                    dataAttrs(d, "n.a.");
                    region(rrs, "rois", rows, "/processing/ophys/ImageSegmentation/PlaneSegmentation", "the neurons");
                    startingTime(rrs, frameStart, 1 / m.volumePeriodS());
                }
            }
            intervals = stimuli(f, presentation, events, start, end(m, archive, start, events));
            if (intervals == 0) {
                placeholder(presentation);
            }
            if (rawN == 0 && ephysN == 0) {
                placeholder(acquisition);
            }
            if (!(n > 0 && (traceN > 0 || table.isPresent()))) {
                placeholder(processing);
            }
        }
        return new Summary(rawN, rawAvail, traceN, traceAvail, ephysN, ephysAvail, m.neurons(), intervals,
                List.copyOf(cut));
    }

    // ------------------------------------------------------------------------------------------ parts

    private static short[][][][] raw(SessionArchive a, ArchiveMeta m, int frames) throws IOException {
        short[][][][] d = new short[frames][m.width()][m.height()][m.depth()];
        short[] plane = new short[m.planePixels()];
        for (int t = 0; t < frames; t++) {
            for (int z = 0; z < m.depth(); z++) {
                a.readPlane(t, z, plane);
                for (int y = 0; y < m.height(); y++) {
                    for (int x = 0; x < m.width(); x++) {
                        d[t][x][y][z] = plane[x + y * m.width()];
                    }
                }
            }
        }
        return d;
    }

    private static float[][] ephys(SessionArchive a, int channels, int samples) throws IOException {
        float[][] d = new float[samples][channels];
        int window = 65536;
        float[] buf = new float[window * channels];
        for (int s0 = 0; s0 < samples; s0 += window) {
            int n = Math.min(window, samples - s0);
            a.readEphys(s0, s0 + n, buf);
            for (int c = 0; c < channels; c++) {
                for (int s = 0; s < n; s++) {
                    d[s0 + s][c] = buf[c * n + s];
                }
            }
        }
        return d;
    }

    private static float[][] traces(SessionArchive a, int neurons, int frames) throws IOException {
        float[][] d = new float[frames][];
        int step = Math.max(1, Math.min(512, 16_777_216 / neurons));
        float[] buf = new float[step * neurons];
        for (int f0 = 0; f0 < frames; f0 += step) {
            int n = Math.min(step, frames - f0);
            a.readTraces(f0, f0 + n, 0, neurons, buf);
            for (int f = 0; f < n; f++) {
                d[f0 + f] = java.util.Arrays.copyOfRange(buf, f * neurons, (f + 1) * neurons);
            }
        }
        return d;
    }

    private static int[][][] labels(SessionArchive a, ArchiveMeta m) throws IOException {
        int[][][] d = new int[m.width()][m.height()][m.depth()];
        int[] plane = new int[m.planePixels()];
        for (int z = 0; z < m.depth(); z++) {
            a.readLabelPlane(z, plane);
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    d[x][y][z] = plane[x + y * m.width()];
                }
            }
        }
        return d;
    }

    /** Rig events as intervals, each lasting until the next one (the last until the end of the session). */
    private static int stimuli(WritableGroup root, WritableGroup presentation, List<RigEvent> all, long start,
                               double endS) {
        List<RigEvent> ev = all.stream().filter(e -> e.kind() != RigEventKind.HEARTBEAT
                && e.kind() != RigEventKind.CLOCK_SYNC && e.kind() != RigEventKind.SESSION_START
                && e.kind() != RigEventKind.SESSION_END).toList();
        if (ev.isEmpty()) {
            return 0;
        }
        int k = ev.size();
        int[] id = new int[k];
        double[] t0 = new double[k];
        double[] t1 = new double[k];
        String[] kind = new String[k];
        String[] stim = new String[k];
        int[] cond = new int[k];
        long[] frame = new long[k];
        for (int i = 0; i < k; i++) {
            RigEvent e = ev.get(i);
            id[i] = i;
            t0[i] = (e.acquisitionNs() - start) / 1e9;
            kind[i] = e.kind().name();
            stim[i] = e.stimulus() == null ? "" : e.stimulus();
            cond[i] = e.condition() == null ? -1 : e.condition();
            frame[i] = e.frame() == null ? -1 : e.frame();
        }
        for (int i = 0; i < k; i++) {
            t1[i] = i + 1 < k ? Math.max(t0[i], t0[i + 1]) : Math.max(t0[i], endS);
        }
        WritableGroup g = root.putGroup("intervals").putGroup("stimuli");
        typed(g, "core", "TimeIntervals");
        g.putAttribute("description", "what the rig presented (ZapLoop rig events); each lasts until the next");
        g.putAttribute("colnames", new String[] {"start_time", "stop_time", "kind", "stimulus", "condition",
                "frame"});
        ids(g, id);
        column(g, "start_time", t0, "start, s after session_start_time");
        column(g, "stop_time", t1, "stop, s after session_start_time");
        column(g, "kind", kind, "rig event kind");
        column(g, "stimulus", stim, "stimulus as the rig names it (empty if none)");
        column(g, "condition", cond, "ZAPBench condition 0..8, -1 if none");
        column(g, "frame", frame, "volume index at the time, -1 if unknown");
        WritableGroup ts = presentation.putGroup("condition");
        typed(ts, "core", "TimeSeries");
        ts.putAttribute("description", "ZAPBench condition index (0..8, -1 if none) set by each rig event");
        dataAttrs(ts.putDataset("data", cond), "n.a.");
        WritableDataset times = ts.putDataset("timestamps", t0);
        times.putAttribute("interval", 1);
        times.putAttribute("unit", "seconds");
        return k;
    }

    // ------------------------------------------------------------------------------------------ NWB pieces

    /**
     * jHDF 0.13's writer corrupts an empty group (one without datasets or subgroups) when it follows another
     * object, so a group that NWB requires but ZapLoop leaves empty gets this one small dataset.
     */
    private static void placeholder(WritableGroup g) {
        g.putDataset("zaploop_note", "empty (ZapLoop export: a placeholder, as the HDF5 writer cannot write "
                + "empty groups)");
    }

    private static void typed(WritableNode n, String namespace, String type) {
        n.putAttribute("namespace", namespace);
        n.putAttribute("neurodata_type", type);
        n.putAttribute("object_id", UUID.randomUUID().toString());
    }

    private static void dataAttrs(WritableDataset d, String unit) {
        d.putAttribute("unit", unit);
        d.putAttribute("conversion", 1.0f);
        d.putAttribute("resolution", -1.0f);
        d.putAttribute("offset", 0.0f);
    }

    private static void startingTime(WritableGroup ts, double seconds, double rate) {
        WritableDataset st = ts.putDataset("starting_time", seconds);
        st.putAttribute("rate", (float) rate);
        st.putAttribute("unit", "seconds");
    }

    private static void ids(WritableGroup table, int[] ids) {
        WritableDataset d = table.putDataset("id", ids);
        typed(d, "hdmf-common", "ElementIdentifiers");
    }

    private static void column(WritableGroup table, String name, Object data, String description) {
        WritableDataset d = table.putDataset(name, data);
        typed(d, "hdmf-common", "VectorData");
        d.putAttribute("description", description);
    }

    private static void region(WritableGroup g, String name, int[] rows, String tablePath, String description) {
        WritableDataset d = g.putDataset(name, rows);
        typed(d, "hdmf-common", "DynamicTableRegion");
        d.putAttribute("description", description);
        d.putAttribute("table", tablePath);
    }

    /** The session's start: volume 0's acquisition, else sample 0's, else the first event's, else the epoch. */
    private static long startNs(ArchiveMeta m, List<RigEvent> events) {
        long s = Long.MAX_VALUE;
        if (m.frameZeroNs() != ArchiveMeta.UNKNOWN_TIME) {
            s = m.frameZeroNs();
        }
        if (m.sampleZeroNs() != ArchiveMeta.UNKNOWN_TIME) {
            s = Math.min(s, m.sampleZeroNs());
        }
        for (RigEvent e : events) {
            s = Math.min(s, e.acquisitionNs());
        }
        return s == Long.MAX_VALUE ? 0 : s;
    }

    private static double end(ArchiveMeta m, SessionArchive a, long start, List<RigEvent> events) {
        double end = 0;
        if (m.frameZeroNs() != ArchiveMeta.UNKNOWN_TIME) {
            end = (m.frameZeroNs() - start) / 1e9 + a.framesComplete() * m.volumePeriodS();
        }
        for (RigEvent e : events) {
            end = Math.max(end, (e.acquisitionNs() - start) / 1e9);
        }
        return end;
    }
}
