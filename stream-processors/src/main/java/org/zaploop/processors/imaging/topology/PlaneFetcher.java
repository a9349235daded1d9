package org.zaploop.processors.imaging.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.zaploop.protocol.Topics;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.records.Plane;
import org.zaploop.processors.imaging.topology.PlaneSource.PlaneUnavailableException;

/**
 * Gets planes by partition and offset ({@link PlaneRef}) for the task that gathers their session: from
 * {@link RecentPlanes} when this instance has just decoded them, else read back from {@code zl.imaging.planes}
 * (after a restart, the planes of unfinished frames; or planes another instance decoded) by a plain consumer with
 * no group that reads committed records only.
 *
 * <p>A session's references to one partition come in offset order, so each partition is read forward: records
 * fetched past the one asked for are kept (a few) for the next requests, and the consumer seeks only when asked for
 * an offset behind where it stands. Blocks the calling stream thread for the fetch (a loopback round trip at most a
 * few planes long); not thread-safe (one per gathering processor).
 */
final class PlaneFetcher implements PlaneSource {

    private static final int KEEP_AHEAD = 8;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final RecentPlanes recent;
    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final Map<Integer, TreeMap<Long, byte[]>> ahead = new HashMap<>();
    /** The offset the consumer reads next, per partition assigned (−1: unknown, seek before reading). */
    private final Map<Integer, Long> next = new HashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;
    private long fetched;

    /**
     * @param recent        this instance's recently decoded planes, looked in first
     * @param streamsConfig the Streams application's configuration (bootstrap servers and security are used)
     */
    PlaneFetcher(RecentPlanes recent, Map<String, Object> streamsConfig, Duration timeout) {
        this.recent = recent;
        Map<String, Object> c = new HashMap<>();
        for (Map.Entry<String, Object> e : streamsConfig.entrySet()) {
            if (e.getKey().startsWith("ssl.") || e.getKey().startsWith("sasl.")
                    || e.getKey().equals("security.protocol") || e.getKey().equals("bootstrap.servers")) {
                c.put(e.getKey(), e.getValue());
            }
        }
        this.clientConfig = c;
        this.timeout = timeout;
    }

    @Override
    public long fetched() {
        return fetched;
    }

    @Override
    public Plane read(PlaneRef ref) throws PlaneUnavailableException {
        Plane kept = recent.take(ref.partition(), ref.offset());
        if (kept != null && ref.isOf(kept)) {
            return kept;
        }
        byte[] value = read(ref.partition(), ref.offset());
        Plane p;
        try {
            p = Topics.PLANES.valueSerde().deserializer().deserialize(Topics.PLANES.name(), value);
        } catch (RuntimeException e) {
            throw new PlaneUnavailableException(ref + " does not decode any more: " + e.getMessage());
        }
        if (!ref.isOf(p)) {
            throw new PlaneUnavailableException(ref + " holds plane z=" + p.z() + " of frame " + p.frame()
                    + " of session " + p.session() + " instead");
        }
        fetched++;
        return p;
    }

    private byte[] read(int partition, long offset) throws PlaneUnavailableException {
        TreeMap<Long, byte[]> kept = ahead.computeIfAbsent(partition, k -> new TreeMap<>());
        kept.headMap(offset).clear();
        byte[] v = kept.remove(offset);
        if (v != null) {
            return v;
        }
        KafkaConsumer<byte[], byte[]> c = consumer();
        TopicPartition tp = new TopicPartition(Topics.PLANES.name(), partition);
        if (!next.containsKey(partition)) {
            List<TopicPartition> all = new ArrayList<>(c.assignment());
            all.add(tp);
            c.assign(all);
            c.pause(all);
        }
        if (next.getOrDefault(partition, -1L) != offset) {
            c.seek(tp, offset);
            kept.clear();
        }
        // only this partition is fetched, and only while asked for: a fetch left waiting in the background for data
        // beyond the log's end would hold the next seek's fetch up to fetch.max.wait.ms
        c.resume(List.of(tp));
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean dropped = false;
        try {
            while (v == null) {
                if (System.nanoTime() > deadline) {
                    throw new PlaneUnavailableException("zl.imaging.planes partition " + partition + " offset "
                            + offset + " could not be read within " + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100)).records(tp)) {
                    next.put(partition, r.offset() + 1);
                    if (r.offset() == offset) {
                        v = r.value();
                    } else if (r.offset() < offset) {
                        continue;
                    } else if (v == null) {
                        throw new PlaneUnavailableException("zl.imaging.planes partition " + partition
                                + " has no record at offset " + offset + " any more (next is " + r.offset() + ")");
                    } else if (kept.size() < KEEP_AHEAD) {
                        kept.put(r.offset(), r.value());
                    } else {
                        dropped = true;
                    }
                }
            }
        } catch (OffsetOutOfRangeException e) {
            v = null;
            throw new PlaneUnavailableException("zl.imaging.planes partition " + partition + " offset " + offset
                    + " was deleted by the topic's retention");
        } catch (KafkaException e) {
            v = null;
            throw new PlaneUnavailableException("reading zl.imaging.planes partition " + partition + " offset "
                    + offset + " failed: " + e.getMessage());
        } finally {
            c.pause(List.of(tp));
            if (v == null || dropped) {
                next.put(partition, -1L); // where the consumer stands is not known or not kept: seek when asked
            }
        }
        return v;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Properties p = new Properties();
            p.putAll(clientConfig);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
            p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(32 << 20));
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "zaploop-imaging-plane-fetcher-" + INSTANCES.incrementAndGet());
            consumer = new KafkaConsumer<>(KafkaClientSettings.secure(p), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        }
        return consumer;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
        ahead.clear();
        next.clear();
    }
}
