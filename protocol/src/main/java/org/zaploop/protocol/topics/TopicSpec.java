package org.zaploop.protocol.topics;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How one topic of the contract is laid out in Kafka: its name, how many partitions, what its key is,
 * what format its values have, and the topic-level configs (retention, compaction, message size).
 *
 * <p>This is the untyped half of the catalogue, enough to create and verify topics; the typed half
 * (with serdes) is {@code org.zaploop.protocol.Topics}.
 *
 * @param name        the topic name, {@code zl.<area>.<what>}
 * @param partitions  partition count on creation; partitions carry the parallelism of a stage
 * @param key         what the record key is, in words and layout (documented in WIRE-FORMAT.md)
 * @param valueFormat the value's format: a binary layout name or a JSON schema name
 * @param configs     topic-level configs applied on creation and checked for drift
 */
public record TopicSpec(String name, int partitions, String key, String valueFormat, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9._-]*")) {
            throw new IllegalArgumentException("topic name must be lowercase [a-z0-9._-]: " + name);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(valueFormat, "valueFormat");
        configs = Map.copyOf(new TreeMap<>(configs));
    }

    /** A copy with another partition count, for deployments that want more (or fewer) parallel instances. */
    public TopicSpec withPartitions(int newPartitions) {
        return new TopicSpec(name, newPartitions, key, valueFormat, configs);
    }

    /** The config value this spec asks for, or {@code null} when it leaves the broker default. */
    public String config(String configName) {
        return configs.get(configName);
    }
}
