package org.zaploop.launcher.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.DeadLetter;

/**
 * What an operator wants to know about the dead letters of {@code zl.dlq}: which were refused, from where, of which
 * session, and why; and how many of each kind. A dead letter carries no session of its own, so it is taken from
 * the refused record's key ({@code session} or {@code session/...}); a record with an undecodable key has none.
 */
public final class DeadLetterReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final int REASON_KIND_CHARS = 72;

    /** One dead letter as the report shows it. */
    public record Row(DeadLetter letter, String key, String session, int valueBytes, String kind) {
    }

    private final List<Row> rows = new ArrayList<>();
    private int malformed;

    /** Adds a dead letter if it passes the filters (null: any session, any source topic). */
    public void add(DeadLetter d, String sessionFilter, String sourceFilter) {
        String key = decode(d.key());
        String session = sessionOf(key);
        if (sessionFilter != null && !sessionFilter.equals(session)) {
            return;
        }
        if (sourceFilter != null && !sourceFilter.equals(d.sourceTopic())) {
            return;
        }
        int bytes = d.value() == null ? 0 : decodedLength(d.value());
        rows.add(new Row(d, key, session, bytes, kindOf(d.reason(), session)));
    }

    /** Counts a record on the dead-letter topic that is not a dead letter itself (it is shown, never hidden). */
    public void addMalformed() {
        malformed++;
    }

    public List<Row> rows() {
        return rows.stream().sorted(Comparator.comparingLong((Row r) -> r.letter().receivedNs())).toList();
    }

    public int malformed() {
        return malformed;
    }

    /** How many dead letters of each source topic and kind of reason, most frequent first within a topic. */
    public Map<String, Map<String, Integer>> summary() {
        Map<String, Map<String, Integer>> bySource = new TreeMap<>();
        for (Row r : rows) {
            bySource.computeIfAbsent(r.letter().sourceTopic(), t -> new LinkedHashMap<>()).merge(r.kind(), 1, Integer::sum);
        }
        Map<String, Map<String, Integer>> sorted = new LinkedHashMap<>();
        bySource.forEach((topic, kinds) -> {
            Map<String, Integer> s = new LinkedHashMap<>();
            kinds.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> s.put(e.getKey(), e.getValue()));
            sorted.put(topic, s);
        });
        return sorted;
    }

    /** The table: time (UTC), source topic, partition:offset, key, value size, reason. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-23s  %-26s  %-12s  %-28s  %9s  %s%n";
        sb.append(String.format(fmt, "received (UTC)", "from topic", "part:offset", "key", "bytes", "reason"));
        for (Row r : rows()) {
            DeadLetter d = r.letter();
            sb.append(String.format(fmt, TIME.format(Instant.ofEpochSecond(0, d.receivedNs())), d.sourceTopic(),
                    d.partition() + ":" + d.offset(), r.key() == null ? "-" : r.key(), r.valueBytes(), d.reason()));
        }
        return sb.toString().stripTrailing();
    }

    /** The summary as lines: one per source topic and kind of reason. */
    public String summaryText() {
        StringBuilder sb = new StringBuilder();
        summary().forEach((topic, kinds) -> kinds.forEach((kind, n) ->
                sb.append(String.format("%6d  %-26s  %s%n", n, topic, kind))));
        return sb.toString().stripTrailing();
    }

    /**
     * The kind of a reason: its text with the session named {@code SESSION} and every number {@code #}, cut to a
     * line, so that "plane z=3 of frame 12 of fish-1 ..." and "plane z=5 of frame 40 of fish-2 ..." are one kind.
     */
    static String kindOf(String reason, String session) {
        String k = session == null ? reason : reason.replace(session, "SESSION");
        k = k.replaceAll("-?\\d+(\\.\\d+)?", "#").replaceAll("\\s+", " ").strip();
        return k.length() <= REASON_KIND_CHARS ? k : k.substring(0, REASON_KIND_CHARS - 1) + "…";
    }

    /** Bytes the padded base64 text stands for, without decoding it (a dead letter may hold a whole plane). */
    static int decodedLength(String base64) {
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return base64.length() / 4 * 3 - padding;
    }

    private static String decode(String base64) {
        if (base64 == null) {
            return null;
        }
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String sessionOf(String key) {
        if (key == null) {
            return null;
        }
        try {
            return Keys.sessionOf(key);
        } catch (MalformedRecordException e) {
            return null; // the refused record's key was itself the problem
        }
    }
}
