package org.zaploop.processors.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.TraceBlock;

/**
 * The committed output of a run on {@code zl.traces} or {@code zl.forecasts}, by record identity — trace blocks
 * by (session, frame, neuron block), forecast blocks by (session, forecaster, frame, neuron block) — with the
 * SHA-256 of each identity's value bytes (equal digests: equal bytes, short of a SHA-256 collision; the forecasts
 * of a run are too many megabytes to keep) and how many times it was written. {@link #compare} tells a run from a
 * reference run: missing, duplicated, extra and differing records. Reads no topic itself (the caller reads with
 * {@code read_committed}); {@link #add} may be called from one thread while another reads the counts.
 */
public final class OutputLedger {

    private final String topic;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Integer> copies = new HashMap<>();
    private int undecodable;

    private OutputLedger(String topic) {
        this.topic = topic;
    }

    /** An empty ledger of {@code topic} ({@code zl.traces} or {@code zl.forecasts}). */
    public static OutputLedger of(String topic) {
        if (!topic.equals(Topics.TRACES.name()) && !topic.equals(Topics.FORECASTS.name())) {
            throw new IllegalArgumentException("no record identity known for topic " + topic);
        }
        return new OutputLedger(topic);
    }

    /** The ledger of {@code records} of {@code topic}. */
    public static OutputLedger of(String topic, List<ConsumerRecord<String, byte[]>> records) {
        OutputLedger l = of(topic);
        for (ConsumerRecord<String, byte[]> r : records) {
            l.add(r.value());
        }
        return l;
    }

    /** Enters one record value read from the topic. */
    public synchronized void add(byte[] value) {
        String id = identity(value);
        if (id == null) {
            undecodable++;
            return;
        }
        values.putIfAbsent(id, digest(value));
        copies.merge(id, 1, Integer::sum);
    }

    private static String digest(byte[] value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private String identity(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            if (topic.equals(Topics.TRACES.name())) {
                TraceBlock tb = Topics.TRACES.valueSerde().deserializer().deserialize(topic, value);
                return tb.session() + "/" + tb.frame() + "/" + tb.block();
            }
            ForecastBlock fb = Topics.FORECASTS.valueSerde().deserializer().deserialize(topic, value);
            return fb.session() + "/" + fb.forecaster() + "/" + fb.frame() + "/" + fb.block();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Distinct records. */
    public synchronized int size() {
        return values.size();
    }

    /** The identities of the records, e.g. {@code session/frame/block} for traces. */
    public synchronized Set<String> identities() {
        return new TreeSet<>(values.keySet());
    }

    /** Records written more than once (count of extra copies). */
    public synchronized int duplicates() {
        return copies.values().stream().mapToInt(c -> c - 1).sum();
    }

    /**
     * How this run's output differs from {@code reference}'s.
     *
     * @param expected  records of the reference
     * @param missing   reference records this run lacks
     * @param extra     records of this run the reference lacks
     * @param differing records present in both whose value bytes differ
     * @param duplicated extra copies in this run (the same record written more than once)
     * @param examples  up to five identities of records that went wrong, for the report
     */
    public record Comparison(String topic, int expected, int missing, int extra, int differing, int duplicated,
                             int undecodable, List<String> examples) {

        public boolean equal() {
            return expected > 0 && missing == 0 && extra == 0 && differing == 0 && duplicated == 0
                    && undecodable == 0;
        }
    }

    public synchronized Comparison compare(OutputLedger reference) {
        Set<String> wrong = new TreeSet<>();
        int missing = 0;
        int differing = 0;
        for (Map.Entry<String, String> e : reference.values.entrySet()) {
            String mine = values.get(e.getKey());
            if (mine == null) {
                missing++;
                wrong.add("missing " + e.getKey());
            } else if (!mine.equals(e.getValue())) {
                differing++;
                wrong.add("differs " + e.getKey());
            }
        }
        int extra = 0;
        for (String id : values.keySet()) {
            if (!reference.values.containsKey(id)) {
                extra++;
                wrong.add("extra " + id);
            }
        }
        copies.forEach((id, n) -> {
            if (n > 1) {
                wrong.add("duplicated " + id);
            }
        });
        return new Comparison(topic, reference.size(), missing, extra, differing, duplicates(), undecodable,
                wrong.stream().limit(5).toList());
    }
}
