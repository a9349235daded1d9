package org.zaploop.ingest.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.records.DeadLetter;

/**
 * Reads back what a gateway fuzz run left in Kafka: the dead letters of its session in {@code zl.dlq} and the valid
 * planes (frames from {@link GatewayFuzzInputs#VALID_FRAMES}) of its session in {@code zl.imaging.planes}. Reads
 * from the beginning of every partition, without a consumer group.
 */
public final class FuzzReadBack implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String session;
    private long deadLetters;
    private long blankReasons;
    private final Set<Long> validFrames = new HashSet<>();
    private Set<Long> sent = Set.of();
    private final Map<String, Long> reasons = new java.util.TreeMap<>();

    /** @param clientProperties extra Kafka client settings (security), applied after the bootstrap */
    public FuzzReadBack(String bootstrap, Map<String, String> clientProperties, String session) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.session = session;
        List<TopicPartition> parts = new java.util.ArrayList<>();
        for (String topic : List.of(Topics.DLQ.name(), Topics.PLANES.name())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /**
     * Reads until the dead letters equal {@code expected.getAsLong()} and every valid plane of {@code validSent} (by
     * frame) arrived,
     * and stay so for a quiet second (the expected count may still grow while the gateway's answers arrive), or the
     * deadline passes.
     */
    public void await(LongSupplier expected, Set<Long> validSent, Duration deadline) {
        sent = validSent;
        long end = System.nanoTime() + deadline.toNanos();
        long stableSince = -1;
        while (System.nanoTime() < end) {
            int n = poll();
            boolean reached = deadLetters == expected.getAsLong() && validDelivered() == validSent.size();
            if (!reached || n > 0) {
                stableSince = -1;
            } else if (stableSince < 0) {
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 1_000_000_000L) {
                return;
            }
        }
    }

    private int poll() {
        int n = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            n++;
            if (r.topic().equals(Topics.DLQ.name())) {
                DeadLetter d = Topics.DLQ.valueSerde().deserializer().deserialize(r.topic(), r.value());
                if (d.keyBytes() != null && session.equals(new String(d.keyBytes(), StandardCharsets.UTF_8))) {
                    deadLetters++;
                    blankReasons += d.reason() == null || d.reason().isBlank() ? 1 : 0;
                    reasons.merge(gist(d.reason()), 1L, Long::sum);
                }
            } else if (r.key() != null && r.key().startsWith(session + "/")) {
                if (System.getProperty("zl.fuzz.debug") != null) {
                    System.out.println("plane " + r.partition() + "@" + r.offset() + " key " + r.key() + " frame "
                            + new PlaneCodec().decode(r.value()).frame());
                }
                long frame = new PlaneCodec().decode(r.value()).frame();
                if (frame >= GatewayFuzzInputs.VALID_FRAMES) {
                    validFrames.add(frame);
                }
            }
        }
        return n;
    }

    /** Dead letters of the session, counting only those that give a reason. */
    public long deadLettersWithReason() {
        return deadLetters - blankReasons;
    }

    /** Dead letters by the start of their reason (see {@link #gist}). */
    public Map<String, Long> reasons() {
        return reasons;
    }

    /**
     * The start of a reason, before any number, with every character outside printable ASCII as '?': groups
     * refusals of the same kind, and compares a reason that quoted bad text the same whether it went through a
     * WebSocket frame, an HTTP body or a dead letter (each replaces what UTF-8 cannot carry its own way).
     */
    public static String gist(String reason) {
        String r = reason == null ? "" : reason;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.length() && b.length() < 48; i++) {
            char c = r.charAt(i);
            if (Character.isDigit(c)) {
                break;
            }
            b.append(c >= ' ' && c < 127 ? c : '?');
        }
        return b.toString();
    }

    /** Valid planes sent that arrived (a mutant whose frame number became one of theirs does not count). */
    public long validDelivered() {
        return validFrames.stream().filter(sent::contains).count();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
