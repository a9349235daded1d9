package org.zaploop.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.zaploop.protocol.records.Limits;

/**
 * Base of the JSON codecs. Decoding is strict by construction: the bytes are bounded in size, parsed by a
 * Jackson parser that refuses duplicate keys, trailing tokens, NaN/Infinity literals, comments and deep
 * nesting, and then every field is read by name and type through {@link JsonFields}, which refuses missing
 * required fields, unknown fields, wrong types (no string-to-number or float-to-integer coercion) and unknown
 * enum values. Encoding writes every field in the record's component order, nulls as {@code null}.
 *
 * @param <T> the record type
 */
public abstract class JsonCodec<T> implements Codec<T> {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_JSON_DEPTH)
                    .maxNumberLength(64)
                    .maxStringLength(Limits.MAX_DEAD_LETTER_JSON_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Only used to build trees; records are mapped field by field, never by reflection. */
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final String type;
    private final int maxBytes;

    JsonCodec(String type, int maxBytes) {
        this.type = type;
        this.maxBytes = maxBytes;
    }

    @Override
    public final String format() {
        return type;
    }

    abstract T read(JsonFields fields);

    abstract void write(T value, JsonGenerator g) throws IOException;

    @Override
    public final byte[] encode(T value) {
        if (value == null) {
            throw new IllegalArgumentException(type + ": cannot encode null");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            write(value, g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public final T decode(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedRecordException(type + ": null record");
        }
        if (bytes.length > maxBytes) {
            throw new MalformedRecordException(type + ": too large: " + bytes.length + " bytes, at most " + maxBytes);
        }
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new MalformedRecordException(type + ": empty document");
            }
            if (!root.isObject()) {
                throw new MalformedRecordException(type + ": expected a JSON object, got " + root.getNodeType());
            }
            JsonFields fields = new JsonFields(type, "", (ObjectNode) root);
            T value = read(fields);
            fields.finish();
            return value;
        } catch (MalformedRecordException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedRecordException(type + ": not valid JSON: " + firstLine(e instanceof JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new MalformedRecordException(type + ": " + e.getMessage(), e);
        }
    }

    static void writeNullable(JsonGenerator g, String name, Long v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    static void writeNullable(JsonGenerator g, String name, Integer v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    static void writeNullable(JsonGenerator g, String name, String v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, v);
        }
    }

    static void writeParams(JsonGenerator g, String name, java.util.Map<String, Double> params) throws IOException {
        g.writeObjectFieldStart(name);
        for (java.util.Map.Entry<String, Double> e : params.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown parse error";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
