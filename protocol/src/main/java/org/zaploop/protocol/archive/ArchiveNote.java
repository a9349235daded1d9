package org.zaploop.protocol.archive;

import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Something the archive's writer (the recorder) noticed about its input, kept in {@code events.jsonl} beside the
 * rig events: a line {@code {"recorder": KIND, "acquisitionNs": ..., "first": ..., "count": ..., "detail": ...}}.
 * A line with a {@code recorder} field is a note; every other line is a rig event. Reads and writes no topic.
 *
 * @param kind          {@link #EPHYS_GAP} (samples {@code first .. first+count−1} never arrived and are NaN),
 *                      {@link #PLANES_MISSING} (volume {@code first} lacked {@code count} planes, stored as 0),
 *                      {@link #TRACE_BLOCKS_MISSING} (frame {@code first} lacked {@code count} neurons, NaN),
 *                      or another upper-case name
 * @param acquisitionNs acquisition time of the affected data on the session's clock (≥ 0)
 * @param first         first affected index (sample or frame), ≥ 0
 * @param count         how many samples, planes or neurons, ≥ 1
 * @param detail        free text, may be empty
 */
public record ArchiveNote(String kind, long acquisitionNs, long first, long count, String detail) {

    public static final String EPHYS_GAP = "EPHYS_GAP";
    public static final String PLANES_MISSING = "PLANES_MISSING";
    public static final String TRACE_BLOCKS_MISSING = "TRACE_BLOCKS_MISSING";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("recorder", "acquisitionNs", "first", "count", "detail");

    public ArchiveNote {
        if (kind == null || !kind.matches("[A-Z][A-Z0-9_]{0,63}")) {
            throw new IllegalArgumentException("note kind must be an upper-case name, got " + kind);
        }
        if (acquisitionNs < 0 || first < 0 || count < 1) {
            throw new IllegalArgumentException("note " + kind + ": acquisitionNs and first must be ≥ 0, count ≥ 1");
        }
        detail = detail == null ? "" : detail;
    }

    /** Same kind and place (first, count): what a resumed writer compares to avoid writing a note twice. */
    public boolean samePlace(ArchiveNote o) {
        return kind.equals(o.kind) && first == o.first && count == o.count;
    }

    String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("recorder", kind);
        n.put("acquisitionNs", acquisitionNs);
        n.put("first", first);
        n.put("count", count);
        n.put("detail", detail);
        return n.toString();
    }

    static boolean isNote(String json) {
        return json.startsWith("{\"recorder\":");
    }

    static ArchiveNote fromJson(String json, Path file, int line) throws ArchiveFormatException {
        try {
            JsonNode n = MAPPER.readTree(json);
            var names = n.fieldNames();
            while (names.hasNext()) {
                String f = names.next();
                if (!FIELDS.contains(f)) {
                    throw new ArchiveFormatException(file, "line " + line + ": note has unknown field '" + f + "'");
                }
            }
            for (String f : new String[] {"acquisitionNs", "first", "count"}) {
                if (!n.path(f).isIntegralNumber()) {
                    throw new ArchiveFormatException(file, "line " + line + ": note field '" + f
                            + "' must be an integer");
                }
            }
            return new ArchiveNote(n.path("recorder").asText(), n.get("acquisitionNs").asLong(),
                    n.get("first").asLong(), n.get("count").asLong(), n.path("detail").asText(""));
        } catch (JsonProcessingException e) {
            throw new ArchiveFormatException(file, "line " + line + " is malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException(file, "line " + line + ": " + e.getMessage(), e);
        }
    }
}
