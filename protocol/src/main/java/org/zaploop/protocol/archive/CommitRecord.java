package org.zaploop.protocol.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.zaploop.protocol.archive.zarr.AtomicFiles;

/**
 * How much of each part of a session archive is durable: the archive's {@code commit.json}. It is rewritten
 * atomically only after the data it covers has been forced to disk, so a reader that trusts it alone sees
 * every complete frame up to a crash and nothing torn. Reads and writes no topic or store.
 *
 * @param sequence        commits so far, increasing
 * @param rawFrames       volumes whose every plane is stored (frames 0 .. rawFrames−1)
 * @param traceFrames     frames of {@code traces} stored
 * @param ephysSamples    samples of {@code ephys} stored
 * @param eventCount      lines of {@code events.jsonl} committed
 * @param eventBytes      bytes of {@code events.jsonl} committed (a longer file has an uncommitted tail)
 * @param labels          whether {@code segmentation} is completely written
 * @param neuronTableRows rows of the {@code neurons} table, or −1 when there is none
 * @param sources         where the writer's input stood when this commit was made, so that a restarted writer
 *                        continues exactly there: for a recorder, Kafka {@code topic/partition} → the offset of
 *                        the first record whose data this commit does not cover (sorted, unmodifiable; empty
 *                        for archives not written from a stream)
 */
public record CommitRecord(long sequence, long rawFrames, long traceFrames, long ephysSamples, long eventCount,
                           long eventBytes, boolean labels, int neuronTableRows, Map<String, Long> sources) {

    /** The file name inside the archive directory. */
    public static final String FILE = "commit.json";
    public static final CommitRecord EMPTY = new CommitRecord(0, 0, 0, 0, 0, 0, false, -1);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public CommitRecord {
        if (sequence < 0 || rawFrames < 0 || traceFrames < 0 || ephysSamples < 0 || eventCount < 0 || eventBytes < 0
                || neuronTableRows < -1) {
            throw new IllegalArgumentException("negative count in commit record");
        }
        sources = Collections.unmodifiableMap(new TreeMap<>(sources == null ? Map.of() : sources));
        for (Map.Entry<String, Long> e : sources.entrySet()) {
            if (e.getKey().isEmpty() || e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("source position " + e.getKey() + " = " + e.getValue()
                        + ": positions must be named and ≥ 0");
            }
        }
    }

    /** A commit record without source positions. */
    public CommitRecord(long sequence, long rawFrames, long traceFrames, long ephysSamples, long eventCount,
                        long eventBytes, boolean labels, int neuronTableRows) {
        this(sequence, rawFrames, traceFrames, ephysSamples, eventCount, eventBytes, labels, neuronTableRows,
                Map.of());
    }

    void write(Path archive) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", "zaploop-archive-commit");
        n.put("version", 1);
        n.put("sequence", sequence);
        n.put("raw_frames", rawFrames);
        n.put("trace_frames", traceFrames);
        n.put("ephys_samples", ephysSamples);
        n.put("event_count", eventCount);
        n.put("event_bytes", eventBytes);
        n.put("labels", labels);
        n.put("neuron_table_rows", neuronTableRows);
        ObjectNode src = n.putObject("sources");
        sources.forEach(src::put);
        AtomicFiles.write(archive.resolve(FILE), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }

    static CommitRecord read(Path archive) throws IOException {
        Path file = archive.resolve(FILE);
        JsonNode n;
        try {
            n = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new ArchiveFormatException(file, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !"zaploop-archive-commit".equals(n.path("format").asText()) || n.path("version").asInt() != 1) {
            throw new ArchiveFormatException(file, "not a version 1 commit record");
        }
        try {
            return new CommitRecord(count(n, "sequence", file), count(n, "raw_frames", file),
                    count(n, "trace_frames", file), count(n, "ephys_samples", file), count(n, "event_count", file),
                    count(n, "event_bytes", file), bool(n, "labels", file),
                    (int) count(n, "neuron_table_rows", file), sources(n, file));
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException(file, e.getMessage(), e);
        }
    }

    private static long count(JsonNode n, String f, Path file) throws ArchiveFormatException {
        JsonNode v = n.get(f);
        if (v == null || !v.isIntegralNumber()) {
            throw new ArchiveFormatException(file, "field '" + f + "' must be an integer, got " + v);
        }
        return v.asLong();
    }

    private static Map<String, Long> sources(JsonNode n, Path file) throws ArchiveFormatException {
        JsonNode v = n.get("sources");
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new ArchiveFormatException(file, "field 'sources' must be an object, got " + v);
        }
        Map<String, Long> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isIntegralNumber()) {
                throw new ArchiveFormatException(file, "source position '" + e.getKey() + "' must be an integer, got "
                        + e.getValue());
            }
            m.put(e.getKey(), e.getValue().asLong());
        }
        return m;
    }

    private static boolean bool(JsonNode n, String f, Path file) throws ArchiveFormatException {
        JsonNode v = n.get(f);
        if (v == null || !v.isBoolean()) {
            throw new ArchiveFormatException(file, "field '" + f + "' must be a boolean, got " + v);
        }
        return v.asBoolean();
    }
}
