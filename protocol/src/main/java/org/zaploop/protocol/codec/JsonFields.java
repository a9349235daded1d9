package org.zaploop.protocol.codec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.zaploop.protocol.Names;

/**
 * Reads the fields of one JSON object by name and exact type, remembering which it read so that
 * {@link #finish()} can refuse unknown ones. Failures name the record and field:
 * {@code "StimulusCommand: field 'stimulus': unknown value 'LASERZ'"}.
 *
 * <p>Type rules: integer fields take JSON integers only (no {@code 1.0}, no {@code "1"}); number fields take
 * any JSON number that is finite as a double; booleans take {@code true}/{@code false} only; a required field
 * may be neither absent nor {@code null}; an optional field may be absent or {@code null}.
 */
final class JsonFields {

    private final String type;
    private final String path;
    private final ObjectNode node;
    private final Set<String> read = new HashSet<>();

    JsonFields(String type, String path, ObjectNode node) {
        this.type = type;
        this.path = path;
        this.node = node;
    }

    MalformedRecordException fail(String field, String problem) {
        return new MalformedRecordException(type + ": field '" + path + field + "': " + problem);
    }

    /** The field's node, or null when absent or JSON null. */
    private JsonNode optional(String field) {
        read.add(field);
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private JsonNode required(String field) {
        JsonNode v = optional(field);
        if (v == null) {
            throw fail(field, node.has(field) ? "must not be null" : "missing");
        }
        return v;
    }

    String text(String field) {
        return asText(field, required(field));
    }

    String optText(String field) {
        JsonNode v = optional(field);
        return v == null ? null : asText(field, v);
    }

    private String asText(String field, JsonNode v) {
        if (!v.isTextual()) {
            throw fail(field, "expected a string, got " + v.getNodeType());
        }
        return v.textValue();
    }

    long int64(String field) {
        return asLong(field, required(field));
    }

    Long optInt64(String field) {
        JsonNode v = optional(field);
        return v == null ? null : asLong(field, v);
    }

    private long asLong(String field, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw fail(field, "expected an integer, got " + describe(v));
        }
        if (!v.canConvertToLong()) {
            throw fail(field, "integer out of int64 range");
        }
        return v.longValue();
    }

    int int32(String field) {
        return asInt(field, required(field));
    }

    Integer optInt32(String field) {
        JsonNode v = optional(field);
        return v == null ? null : asInt(field, v);
    }

    private int asInt(String field, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw fail(field, "expected an integer, got " + describe(v));
        }
        if (!v.canConvertToInt()) {
            throw fail(field, "integer out of int32 range");
        }
        return v.intValue();
    }

    double float64(String field) {
        return asDouble(field, required(field));
    }

    private double asDouble(String field, JsonNode v) {
        if (!v.isNumber()) {
            throw fail(field, "expected a number, got " + describe(v));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw fail(field, "number is not finite as a double");
        }
        return d;
    }

    boolean bool(String field) {
        JsonNode v = required(field);
        if (!v.isBoolean()) {
            throw fail(field, "expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        String name = text(field);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw fail(field, "unknown value " + Names.show(name));
    }

    /** A JSON object of finite numbers; absent or null means empty. */
    Map<String, Double> doubleMap(String field, int maxEntries) {
        JsonNode v = optional(field);
        Map<String, Double> map = new LinkedHashMap<>();
        if (v == null) {
            return map;
        }
        if (!v.isObject()) {
            throw fail(field, "expected an object, got " + v.getNodeType());
        }
        if (v.size() > maxEntries) {
            throw fail(field, v.size() + " entries, at most " + maxEntries);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                throw fail(field + "." + e.getKey(), "must not be null");
            }
            map.put(e.getKey(), asDouble(field + "." + e.getKey(), e.getValue()));
        }
        return map;
    }

    /** A JSON object of scalars: strings, booleans, integers (as Long), finite numbers (as Double). */
    Map<String, Object> scalarMap(String field, int maxEntries) {
        JsonNode v = optional(field);
        Map<String, Object> map = new LinkedHashMap<>();
        if (v == null) {
            return map;
        }
        if (!v.isObject()) {
            throw fail(field, "expected an object, got " + v.getNodeType());
        }
        if (v.size() > maxEntries) {
            throw fail(field, v.size() + " entries, at most " + maxEntries);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode x = e.getValue();
            String name = field + "." + e.getKey();
            if (x.isTextual()) {
                map.put(e.getKey(), x.textValue());
            } else if (x.isBoolean()) {
                map.put(e.getKey(), x.booleanValue());
            } else if (x.isIntegralNumber()) {
                map.put(e.getKey(), asLong(name, x));
            } else if (x.isNumber()) {
                map.put(e.getKey(), asDouble(name, x));
            } else {
                throw fail(name, "expected a string, boolean or number, got " + x.getNodeType());
            }
        }
        return map;
    }

    double[] doubleArray(String field, int maxLength) {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw fail(field, "expected an array, got " + v.getNodeType());
        }
        if (v.size() > maxLength) {
            throw fail(field, v.size() + " elements, at most " + maxLength);
        }
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = asDouble(field + "[" + i + "]", v.get(i));
        }
        return a;
    }

    /** A required array of objects, each read with its own {@link JsonFields} (finished by the caller). */
    List<JsonFields> objects(String field, int maxLength) {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw fail(field, "expected an array, got " + v.getNodeType());
        }
        if (v.size() > maxLength) {
            throw fail(field, v.size() + " elements, at most " + maxLength);
        }
        List<JsonFields> list = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            list.add(nested(field + "[" + i + "]", v.get(i)));
        }
        return list;
    }

    /** An optional nested object. */
    JsonFields optObject(String field) {
        JsonNode v = optional(field);
        return v == null ? null : nested(field, v);
    }

    private JsonFields nested(String field, JsonNode v) {
        if (!v.isObject()) {
            throw fail(field, "expected an object, got " + v.getNodeType());
        }
        return new JsonFields(type, path + field + ".", (ObjectNode) v);
    }

    /** Refuses any field that was not read: the schema is closed. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!read.contains(name)) {
                throw new MalformedRecordException(type + ": unknown field " + Names.show(path + name));
            }
        }
    }

    private static String describe(JsonNode v) {
        if (v.isNumber()) {
            return "the number " + (v.toString().length() > 40 ? v.toString().substring(0, 40) + "..." : v.toString());
        }
        return v.getNodeType().toString();
    }
}
