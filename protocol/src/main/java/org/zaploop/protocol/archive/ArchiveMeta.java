package org.zaploop.protocol.archive;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a session archive says about its recording, stored once at creation as the {@code zaploop} attribute
 * of the root group's {@code zarr.json}. How many frames are complete is not here: that changes while
 * recording and lives in the commit record ({@link CommitRecord}). Reads and writes no topic or store.
 *
 * @param sessionId          session id (non-blank, at most 200 chars)
 * @param width              volume extent x in voxels (ZAPBench 2048)
 * @param height             volume extent y in voxels (ZAPBench 1328)
 * @param depth              planes per volume, z (ZAPBench 72)
 * @param voxelXUm           voxel size x in µm (ZAPBench 0.406)
 * @param voxelYUm           voxel size y in µm (ZAPBench 0.406)
 * @param voxelZUm           voxel size z in µm (ZAPBench 4.0)
 * @param volumePeriodS      seconds per volume (ZAPBench 0.9141)
 * @param neurons            trace columns; 0 = the archive holds no traces
 * @param ephysChannels      ephys channels; 0 = the archive holds no ephys
 * @param ephysSampleRateHz  samples per second per channel (0 when there is no ephys)
 * @param clockOffsetsNs     named clock offsets in ns, e.g. {@code rig → zaploop}; sorted, unmodifiable
 * @param frameZeroNs        acquisition time (ZapLoop clock, ns) of volume 0's first plane and of trace frame 0,
 *                           or {@link #UNKNOWN_TIME}; volume t plane z was acquired at about
 *                           {@code frameZeroNs + (t + z / depth) · volumePeriodS}
 * @param sampleZeroNs       acquisition time (ns) of ephys sample 0, or {@link #UNKNOWN_TIME}; sample s at about
 *                           {@code sampleZeroNs + s / ephysSampleRateHz}
 */
public record ArchiveMeta(String sessionId, int width, int height, int depth, double voxelXUm, double voxelYUm,
                          double voxelZUm, double volumePeriodS, int neurons, int ephysChannels,
                          double ephysSampleRateHz, Map<String, Long> clockOffsetsNs, long frameZeroNs,
                          long sampleZeroNs) {

    /** ZAPBench's volume period, s. */
    public static final double ZAPBENCH_VOLUME_PERIOD_S = 0.9141;
    /** A start time that is not known (the archive holds no data of that stream yet, or an older archive). */
    public static final long UNKNOWN_TIME = -1;

    /** A meta whose start times are not known yet. */
    public ArchiveMeta(String sessionId, int width, int height, int depth, double voxelXUm, double voxelYUm,
                       double voxelZUm, double volumePeriodS, int neurons, int ephysChannels,
                       double ephysSampleRateHz, Map<String, Long> clockOffsetsNs) {
        this(sessionId, width, height, depth, voxelXUm, voxelYUm, voxelZUm, volumePeriodS, neurons, ephysChannels,
                ephysSampleRateHz, clockOffsetsNs, UNKNOWN_TIME, UNKNOWN_TIME);
    }

    public ArchiveMeta {
        if (sessionId == null || sessionId.isBlank() || sessionId.length() > 200) {
            throw new IllegalArgumentException("sessionId must be 1..200 non-blank chars, got '" + sessionId + "'");
        }
        if (width < 1 || height < 1 || depth < 1) {
            throw new IllegalArgumentException("geometry must be at least 1×1×1, got " + width + "×" + height + "×"
                    + depth);
        }
        positive("voxelXUm", voxelXUm);
        positive("voxelYUm", voxelYUm);
        positive("voxelZUm", voxelZUm);
        positive("volumePeriodS", volumePeriodS);
        if (neurons < 0 || ephysChannels < 0) {
            throw new IllegalArgumentException("neurons and ephysChannels must be ≥ 0");
        }
        if (ephysChannels > 0) {
            positive("ephysSampleRateHz", ephysSampleRateHz);
        } else if (ephysSampleRateHz < 0 || !Double.isFinite(ephysSampleRateHz)) {
            throw new IllegalArgumentException("ephysSampleRateHz must be finite and ≥ 0");
        }
        clockOffsetsNs = Collections.unmodifiableMap(new TreeMap<>(clockOffsetsNs == null ? Map.of()
                : clockOffsetsNs));
        if (frameZeroNs < UNKNOWN_TIME || sampleZeroNs < UNKNOWN_TIME) {
            throw new IllegalArgumentException("start times must be ≥ 0 or UNKNOWN_TIME (-1)");
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
    }

    /** ZAPBench's geometry, voxel size and volume period, with the given number of neurons and no ephys. */
    public static ArchiveMeta zapbench(String sessionId, int neurons) {
        return new ArchiveMeta(sessionId, 2048, 1328, 72, 0.406, 0.406, 4.0, ZAPBENCH_VOLUME_PERIOD_S, neurons, 0,
                0, Map.of());
    }

    /** Voxels in one plane. */
    public int planePixels() {
        return width * height;
    }

    public ArchiveMeta withNeurons(int n) {
        return new ArchiveMeta(sessionId, width, height, depth, voxelXUm, voxelYUm, voxelZUm, volumePeriodS, n,
                ephysChannels, ephysSampleRateHz, clockOffsetsNs, frameZeroNs, sampleZeroNs);
    }

    public ArchiveMeta withEphys(int channels, double sampleRateHz) {
        return new ArchiveMeta(sessionId, width, height, depth, voxelXUm, voxelYUm, voxelZUm, volumePeriodS, neurons,
                channels, sampleRateHz, clockOffsetsNs, frameZeroNs, sampleZeroNs);
    }

    public ArchiveMeta withGeometry(int w, int h, int d) {
        return new ArchiveMeta(sessionId, w, h, d, voxelXUm, voxelYUm, voxelZUm, volumePeriodS, neurons,
                ephysChannels, ephysSampleRateHz, clockOffsetsNs, frameZeroNs, sampleZeroNs);
    }

    public ArchiveMeta withVoxelSize(double xUm, double yUm, double zUm) {
        return new ArchiveMeta(sessionId, width, height, depth, xUm, yUm, zUm, volumePeriodS, neurons,
                ephysChannels, ephysSampleRateHz, clockOffsetsNs, frameZeroNs, sampleZeroNs);
    }

    public ArchiveMeta withVolumePeriod(double seconds) {
        return new ArchiveMeta(sessionId, width, height, depth, voxelXUm, voxelYUm, voxelZUm, seconds, neurons,
                ephysChannels, ephysSampleRateHz, clockOffsetsNs, frameZeroNs, sampleZeroNs);
    }

    public ArchiveMeta withSessionId(String id) {
        return new ArchiveMeta(id, width, height, depth, voxelXUm, voxelYUm, voxelZUm, volumePeriodS, neurons,
                ephysChannels, ephysSampleRateHz, clockOffsetsNs, frameZeroNs, sampleZeroNs);
    }

    /** The same meta with the given start times ({@link #UNKNOWN_TIME} for unknown). */
    public ArchiveMeta withStartTimes(long frameZero, long sampleZero) {
        return new ArchiveMeta(sessionId, width, height, depth, voxelXUm, voxelYUm, voxelZUm, volumePeriodS, neurons,
                ephysChannels, ephysSampleRateHz, clockOffsetsNs, frameZero, sampleZero);
    }

    /** Nominal acquisition time of plane {@code z} of volume {@code frame}, or −1 if the start is unknown. */
    public long planeTimeNs(long frame, int z) {
        if (frameZeroNs == UNKNOWN_TIME) {
            return UNKNOWN_TIME;
        }
        return frameZeroNs + Math.round((frame + (double) z / depth) * volumePeriodS * 1e9);
    }

    /** Nominal acquisition time of ephys sample {@code sample}, or −1 if the start is unknown. */
    public long sampleTimeNs(long sample) {
        if (sampleZeroNs == UNKNOWN_TIME || ephysSampleRateHz <= 0) {
            return UNKNOWN_TIME;
        }
        return sampleZeroNs + Math.round(sample / ephysSampleRateHz * 1e9);
    }

    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("format", "zaploop-session-archive");
        n.put("version", 1);
        n.put("session_id", sessionId);
        n.putArray("geometry_xyz").add(width).add(height).add(depth);
        n.putArray("voxel_size_um").add(voxelXUm).add(voxelYUm).add(voxelZUm);
        n.put("volume_period_s", volumePeriodS);
        n.put("neurons", neurons);
        n.put("ephys_channels", ephysChannels);
        n.put("ephys_sample_rate_hz", ephysSampleRateHz);
        ObjectNode clocks = n.putObject("clock_offsets_ns");
        clockOffsetsNs.forEach(clocks::put);
        if (frameZeroNs != UNKNOWN_TIME || sampleZeroNs != UNKNOWN_TIME) {
            ObjectNode start = n.putObject("start_ns");
            if (frameZeroNs != UNKNOWN_TIME) {
                start.put("frame0", frameZeroNs);
            }
            if (sampleZeroNs != UNKNOWN_TIME) {
                start.put("sample0", sampleZeroNs);
            }
        }
        return n;
    }

    static ArchiveMeta fromJson(JsonNode n, Path file) throws ArchiveFormatException {
        if (n == null || !n.isObject()) {
            throw new ArchiveFormatException(file, "attribute 'zaploop' (the archive meta) is missing");
        }
        if (!"zaploop-session-archive".equals(n.path("format").asText()) || n.path("version").asInt() != 1) {
            throw new ArchiveFormatException(file, "attribute 'zaploop' is not a version 1 session archive meta: "
                    + n.path("format") + " v" + n.path("version"));
        }
        try {
            JsonNode g = array(n, "geometry_xyz", file);
            JsonNode v = array(n, "voxel_size_um", file);
            Map<String, Long> clocks = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("clock_offsets_ns").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isIntegralNumber()) {
                    throw new ArchiveFormatException(file, "clock offset '" + e.getKey() + "' is not an integer");
                }
                clocks.put(e.getKey(), e.getValue().asLong());
            }
            return new ArchiveMeta(text(n, "session_id", file), g.get(0).asInt(), g.get(1).asInt(), g.get(2).asInt(),
                    v.get(0).asDouble(), v.get(1).asDouble(), v.get(2).asDouble(), number(n, "volume_period_s", file),
                    (int) number(n, "neurons", file), (int) number(n, "ephys_channels", file),
                    number(n, "ephys_sample_rate_hz", file), clocks, startTime(n, "frame0", file),
                    startTime(n, "sample0", file));
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException(file, "archive meta: " + e.getMessage(), e);
        }
    }

    private static long startTime(JsonNode n, String f, Path file) throws ArchiveFormatException {
        JsonNode v = n.path("start_ns").get(f);
        if (v == null || v.isNull()) {
            return UNKNOWN_TIME;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0) {
            throw new ArchiveFormatException(file, "archive meta: field 'start_ns." + f + "' must be an integer ≥ 0");
        }
        return v.asLong();
    }

    private static JsonNode array(JsonNode n, String f, Path file) throws ArchiveFormatException {
        JsonNode a = n.get(f);
        if (a == null || !a.isArray() || a.size() != 3) {
            throw new ArchiveFormatException(file, "archive meta: field '" + f + "' must be a list of 3 numbers");
        }
        for (JsonNode e : a) {
            if (!e.isNumber()) {
                throw new ArchiveFormatException(file, "archive meta: field '" + f + "' must hold numbers, got " + a);
            }
        }
        return a;
    }

    private static String text(JsonNode n, String f, Path file) throws ArchiveFormatException {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw new ArchiveFormatException(file, "archive meta: field '" + f + "' must be a string");
        }
        return v.asText();
    }

    private static double number(JsonNode n, String f, Path file) throws ArchiveFormatException {
        JsonNode v = n.get(f);
        if (v == null || !v.isNumber()) {
            throw new ArchiveFormatException(file, "archive meta: field '" + f + "' must be a number");
        }
        return v.asDouble();
    }
}
