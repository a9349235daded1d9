package org.zaploop.processors.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.DeadLetter;

/**
 * Reads a topic as bytes and decodes each record inside the topology, so a malformed record never stops the
 * stream: it goes to {@code zl.dlq} (key = source topic) as a {@link DeadLetter} with the decoder's reason, and
 * the stream goes on. Nodes are named {@code <stage>-<what>}: {@code <stage>-<topic>-source},
 * {@code <stage>-<topic>-decode}, {@code <stage>-<topic>-decode-ok|bad}, {@code <stage>-<topic>-dlq-sink}.
 *
 * <p>Reads {@code topic}; writes {@code zl.dlq}.
 */
public final class SafeDecode {

    private SafeDecode() {
    }

    /**
     * The decoded records of {@code topic}.
     *
     * @param check extra rule on a decoded record (e.g. key matches the session): returns the reason to reject,
     *              or null to accept
     */
    public static <V> KStream<String, V> stream(StreamsBuilder b, Topic<String, V> topic, String stage,
                                                BiFunction<String, V, String> check) {
        String base = stage + "-" + shortName(topic);
        KStream<String, byte[]> raw = b.stream(topic.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(base + "-source"));
        return decode(raw, topic, base, check);
    }

    /**
     * The decoded records of a raw stream of {@code topic} the caller has already read (e.g. to pass over records
     * by a header field before paying for decoding); the nodes are named {@code <base>-decode} etc. as above.
     */
    public static <V> KStream<String, V> decode(KStream<String, byte[]> raw, Topic<String, V> topic, String base,
                                                BiFunction<String, V, String> check) {
        KStream<String, Decoded<V>> dec = raw.processValues(() -> new DecodeProcessor<>(topic, check),
                Named.as(base + "-decode"));
        Map<String, KStream<String, Decoded<V>>> branches = dec.split(Named.as(base + "-decode-"))
                .branch((k, v) -> v.ok(), Branched.as("ok"))
                .defaultBranch(Branched.as("bad"));
        branches.get(base + "-decode-bad")
                .mapValues(Decoded::dead, Named.as(base + "-dead-letter"))
                .selectKey((k, v) -> topic.name(), Named.as(base + "-dead-letter-key"))
                .to(Topics.DLQ.name(), Produced.with(Topics.DLQ.keySerde(), Topics.DLQ.valueSerde())
                        .withName(base + "-dlq-sink"));
        return branches.get(base + "-decode-ok").mapValues(Decoded::value, Named.as(base + "-decoded"));
    }

    /** "zl.ephys.blocks" → "ephys-blocks". */
    static String shortName(Topic<?, ?> topic) {
        String n = topic.name().startsWith("zl.") ? topic.name().substring(3) : topic.name();
        return n.replace('.', '-');
    }

    /** A key that must be exactly the session of the record. */
    public static String sessionKeyCheck(String key, String session) {
        return session.equals(key) ? null : "key '" + key + "' is not the record's session '" + session + "'";
    }

    private static final class DecodeProcessor<V> implements FixedKeyProcessor<String, byte[], Decoded<V>> {

        private final Topic<String, V> topic;
        private final BiFunction<String, V, String> check;
        private FixedKeyProcessorContext<String, Decoded<V>> context;

        DecodeProcessor(Topic<String, V> topic, BiFunction<String, V, String> check) {
            this.topic = topic;
            this.check = check;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Decoded<V>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            String reason;
            try {
                if (record.value() == null) {
                    throw new MalformedRecordException(topic.name() + ": null value");
                }
                V v = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                reason = check == null ? null : check.apply(record.key(), v);
                if (reason == null) {
                    context.forward(record.withValue(new Decoded<>(v, null)));
                    return;
                }
            } catch (MalformedRecordException | IllegalArgumentException e) {
                reason = e.getMessage();
            }
            RecordMetadata m = context.recordMetadata().orElse(null);
            DeadLetter dl = DeadLetter.of(m == null ? topic.name() : m.topic(), m == null ? 0 : m.partition(),
                    m == null ? 0 : Math.max(0, m.offset()), System.currentTimeMillis() * 1_000_000L, reason,
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value());
            context.forward(record.withValue(new Decoded<>(null, dl)));
        }
    }
}
