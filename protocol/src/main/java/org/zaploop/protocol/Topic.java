package org.zaploop.protocol;

import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;

import org.zaploop.protocol.topics.TopicSpec;

/**
 * One topic of the contract with its serdes: the typed half of the catalogue. Every producer, consumer and
 * topology node takes its name and serdes from here ({@code Consumed.with(t.keySerde(), t.valueSerde())}).
 *
 * @param spec       name, partitions, configs
 * @param keySerde   key serde (UTF-8 strings)
 * @param valueSerde value serde (a ZapLoop codec)
 * @param <K>        key type
 * @param <V>        value type
 */
public record Topic<K, V>(TopicSpec spec, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    public String name() {
        return spec.name();
    }
}
