package org.zaploop.protocol;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.zaploop.protocol.codec.Codec;

/**
 * The "expected content" of a golden vector: a record's fields as JSON, built from the record's components
 * (not from a codec), in the shape {@code tools/zlwire.py} prints:
 * {@code {"format": "ZLPL", "record": {...}}}. uint16 pixels are written unsigned, float32 values as the
 * exact double they widen to, NaN as the string {@code "NaN"}, absent values as {@code null}.
 */
final class GoldenJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private GoldenJson() {
    }

    static ObjectNode describe(Codec<?> codec, Object record) {
        ObjectNode root = F.objectNode();
        root.put("format", codec.format());
        root.set("record", value(record));
        return root;
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return F.nullNode();
        } else if (v instanceof Record r) {
            ObjectNode o = F.objectNode();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    o.set(c.getName(), value(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return o;
        } else if (v instanceof String s) {
            return F.textNode(s);
        } else if (v instanceof Boolean b) {
            return F.booleanNode(b);
        } else if (v instanceof Enum<?> e) {
            return F.textNode(e.name());
        } else if (v instanceof Float f) {
            return number(f.doubleValue());
        } else if (v instanceof Double d) {
            return number(d);
        } else if (v instanceof Number n) {
            return F.numberNode(n.longValue());
        } else if (v instanceof short[] a) {
            ArrayNode out = F.arrayNode();
            for (short x : a) {
                out.add(Short.toUnsignedInt(x));
            }
            return out;
        } else if (v instanceof int[] a) {
            ArrayNode out = F.arrayNode();
            for (int x : a) {
                out.add(x);
            }
            return out;
        } else if (v instanceof float[] a) {
            ArrayNode out = F.arrayNode();
            for (float x : a) {
                out.add(number(x));
            }
            return out;
        } else if (v instanceof double[] a) {
            ArrayNode out = F.arrayNode();
            for (double x : a) {
                out.add(number(x));
            }
            return out;
        } else if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, x) -> o.set((String) k, value(x)));
            return o;
        } else if (v instanceof List<?> l) {
            ArrayNode out = F.arrayNode();
            l.forEach(x -> out.add(value(x)));
            return out;
        }
        throw new IllegalArgumentException("no golden form for " + v.getClass());
    }

    private static JsonNode number(double d) {
        return Double.isNaN(d) ? F.textNode("NaN") : F.numberNode(d);
    }

    /**
     * Structural equality where numbers compare by value (8 equals 8.0: Python and Java print numbers
     * differently) and object member order does not matter. Returns null when equal, else where they differ.
     */
    static String difference(String path, JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            boolean same = expected.isIntegralNumber() && actual.isIntegralNumber()
                    ? expected.bigIntegerValue().equals(actual.bigIntegerValue())
                    : expected.doubleValue() == actual.doubleValue();
            return same ? null : path + ": expected " + expected + ", got " + actual;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return path + ": expected " + expected.getNodeType() + " " + expected + ", got " + actual.getNodeType()
                    + " " + actual;
        }
        if (expected.isObject()) {
            if (expected.size() != actual.size()) {
                return path + ": expected fields " + fieldNames(expected) + ", got " + fieldNames(actual);
            }
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!actual.has(name)) {
                    return path + "." + name + ": missing";
                }
                String d = difference(path + "." + name, expected.get(name), actual.get(name));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                return path + ": expected " + expected.size() + " elements, got " + actual.size();
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(path + "[" + i + "]", expected.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : path + ": expected " + expected + ", got " + actual;
    }

    private static String fieldNames(JsonNode n) {
        StringBuilder b = new StringBuilder();
        n.fieldNames().forEachRemaining(f -> b.append(b.length() == 0 ? "" : ",").append(f));
        return "[" + b + "]";
    }
}
