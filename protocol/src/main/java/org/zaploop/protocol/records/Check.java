package org.zaploop.protocol.records;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.zaploop.protocol.Names;

/**
 * Validation shared by the records' compact constructors. Every failure is an
 * {@link IllegalArgumentException} whose message names the field, so a decoder can wrap it unchanged.
 */
final class Check {

    private Check() {
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return value;
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("field '" + field + "' must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("field '" + field + "' must be >= " + min + ", got " + value);
        }
        return value;
    }

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("field '" + field + "' must be finite, got " + value);
        }
        return value;
    }

    static double finiteIn(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("field '" + field + "' must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static void finite(String field, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("field '" + field + "'[" + i + "] must be finite, got " + values[i]);
            }
        }
    }

    static void length(String field, int actual, long expected, String because) {
        if (actual != expected) {
            throw new IllegalArgumentException("field '" + field + "' has " + actual + " values, expected " + expected
                    + " (" + because + ")");
        }
    }

    static Integer condition(String field, Integer condition) {
        if (condition != null) {
            range(field, condition, 0, Limits.MAX_CONDITION);
        }
        return condition;
    }

    static String text(String field, String value, int maxChars) {
        notNull(field, value);
        if (value.length() > maxChars) {
            throw new IllegalArgumentException("field '" + field + "' has " + value.length() + " chars, at most "
                    + maxChars + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate cannot be encoded as UTF-8: it would not survive the wire.
                throw new IllegalArgumentException("field '" + field + "' contains an unpaired surrogate at " + i);
            }
        }
        return value;
    }

    static String optText(String field, String value, int maxChars) {
        return value == null ? null : text(field, value, maxChars);
    }

    /** A sorted, unmodifiable copy of a params map: names by {@link Names#PATTERN}, finite values only. */
    static SortedMap<String, Double> params(String field, Map<String, Double> params) {
        notNull(field, params);
        if (params.size() > Limits.MAX_PARAMS) {
            throw new IllegalArgumentException("field '" + field + "' has " + params.size() + " entries, at most "
                    + Limits.MAX_PARAMS + " allowed");
        }
        TreeMap<String, Double> copy = new TreeMap<>();
        for (Map.Entry<String, Double> e : params.entrySet()) {
            Names.require(field + " key", e.getKey());
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("field '" + field + "' value of " + Names.show(e.getKey())
                        + " must be finite, got " + v);
            }
            copy.put(e.getKey(), v);
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** A short description of an array for toString: length and the first few values, never megabytes. */
    static String summary(float[] a) {
        StringBuilder b = new StringBuilder("float[").append(a.length).append("]{");
        for (int i = 0; i < Math.min(a.length, 4); i++) {
            b.append(i == 0 ? "" : ", ").append(a[i]);
        }
        return b.append(a.length > 4 ? ", ...}" : "}").toString();
    }

    static String summary(double[] a) {
        StringBuilder b = new StringBuilder("double[").append(a.length).append("]{");
        for (int i = 0; i < Math.min(a.length, 4); i++) {
            b.append(i == 0 ? "" : ", ").append(a[i]);
        }
        return b.append(a.length > 4 ? ", ...}" : "}").toString();
    }

    static String summary(int[] a) {
        StringBuilder b = new StringBuilder("int[").append(a.length).append("]{");
        for (int i = 0; i < Math.min(a.length, 4); i++) {
            b.append(i == 0 ? "" : ", ").append(a[i]);
        }
        return b.append(a.length > 4 ? ", ...}" : "}").toString();
    }

    static String summary(short[] a) {
        StringBuilder b = new StringBuilder("uint16[").append(a.length).append("]{");
        for (int i = 0; i < Math.min(a.length, 4); i++) {
            b.append(i == 0 ? "" : ", ").append(Short.toUnsignedInt(a[i]));
        }
        return b.append(a.length > 4 ? ", ...}" : "}").toString();
    }
}
