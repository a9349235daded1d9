package org.zaploop.protocol.serde;

import java.nio.ByteBuffer;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import org.zaploop.protocol.codec.Codec;
import org.zaploop.protocol.codec.MalformedRecordException;

/**
 * A Kafka {@link Serde} over a ZapLoop {@link Codec}. {@code null} maps to {@code null} both ways (tombstones on
 * the compacted {@code zl.segmentation}); anything else the codec cannot decode raises
 * {@link MalformedRecordException}, which consumers route to {@code zl.dlq}.
 *
 * @param <T> the record type
 */
public final class CodecSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Codec<T> codec;

    public CodecSerde(Codec<T> codec) {
        this.codec = codec;
    }

    public Codec<T> codec() {
        return codec;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : codec.encode(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : codec.decode(data);
    }

    /** Decodes straight from the consumer's buffer: binary formats copy their arrays once, not twice. */
    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        return data == null ? null : codec.decode(data);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the wire format is fixed.
    }

    @Override
    public void close() {
        // Stateless: nothing to release.
    }

    @Override
    public String toString() {
        return "CodecSerde[" + codec.format() + "]";
    }
}
