package org.zaploop.protocol.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;

/**
 * Where a plane goes in {@code zl.imaging.planes}: the plane key {@code session/z} to partition
 * {@code (murmur2(session) + z) mod partitions}, so a session's planes deal out evenly — 72 planes over 12
 * partitions give six to each — and every z stays on one partition (its planes in frame order).
 *
 * <p>Why not Kafka's default (murmur2 of the whole key): it dealt the 72 planes of a session 1 to 10 per
 * partition. A consumer that reads its partitions at equal record rates, as a Kafka Streams thread does with one
 * task per partition, then advances through a partition with ten planes per volume ten times more slowly in
 * acquisition time than through one with a single plane; behind its input, the imaging processor saw the planes of
 * one volume arrive tens of seconds of acquisition apart.
 *
 * <p>Every producer of planes uses this rule, either as its {@code partitioner.class} ({@link #configure}) or
 * through {@link #forKey} when it picks partitions itself (the rig gateway). Records of other topics keep the
 * default partitioner's placement for keyed records; keyless records go round-robin.
 */
public final class PlanePartitioner implements Partitioner {

    private final AtomicInteger keyless = new AtomicInteger();

    /** Makes a producer's properties place planes with this partitioner. */
    public static Properties configure(Properties producer) {
        producer.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, PlanePartitioner.class.getName());
        return producer;
    }

    /** The partition of plane {@code z} of {@code session} among {@code partitions}. */
    public static int of(String session, int z, int partitions) {
        int base = Utils.toPositive(Utils.murmur2(session.getBytes(StandardCharsets.UTF_8))) % partitions;
        return (int) ((base + (long) Math.max(0, z)) % partitions);
    }

    /**
     * The partition of a record keyed {@code key} in the planes topic: by {@link #of} for a plane key
     * ({@code session/z}), else as Kafka's default partitioner places a keyed record.
     */
    public static int forKey(String key, int partitions) {
        try {
            return of(Keys.sessionOf(key), Keys.planeZOf(key), partitions);
        } catch (MalformedRecordException notAPlaneKey) {
            return defaultFor(key.getBytes(StandardCharsets.UTF_8), partitions);
        }
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        if (keyBytes == null) {
            return Utils.toPositive(keyless.getAndIncrement()) % partitions;
        }
        if (Topics.PLANES.name().equals(topic) && key instanceof String k) {
            return forKey(k, partitions);
        }
        return defaultFor(keyBytes, partitions);
    }

    private static int defaultFor(byte[] keyBytes, int partitions) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
