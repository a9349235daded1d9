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
 */
public record ArchiveMeta(String sessionId, int width, int height, int depth, double voxelXUm, double voxelYUm,
                          double voxelZUm, double volumePeriodS, int neurons, int ephysChannels,
                          double ephysSampleRateHz, Map<String, Long> clockOffsetsNs) {

    /** ZAPBench's volume period, s. */
    public static final double ZAPBENCH_VOLUME_PERIOD_S = 0.9141;

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
                ephysChannels, ephysSampleRateHz, clockOffsetsNs);
    }

    public ArchiveMeta withEphys(int channels, double sampleRateHz) {
        return new ArchiveMeta(sessionId, width, height, depth, voxelXUm, voxelYUm, voxelZUm, volumePeriodS, neurons,
                channels, sampleRateHz, clockOffsetsNs);
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
                    number(n, "ephys_sample_rate_hz", file), clocks);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException(file, "archive meta: " + e.getMessage(), e);
        }
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
