package org.zaploop.protocol;

import java.util.regex.Pattern;

/**
 * The identifier rule shared by every record and key: session ids, forecaster, policy and region names are
 * {@code [A-Za-z0-9_.-]{1,64}}. Such names are plain ASCII, never contain the key separator {@code '/'},
 * and are safe in file names, metric tags and log lines.
 */
public final class Names {

    /** The pattern every session id (and every other name in a key or header) must match. */
    public static final String PATTERN = "[A-Za-z0-9_.-]{1,64}";
    private static final Pattern NAME = Pattern.compile(PATTERN);
    private static final int SHOWN_CHARS = 64;

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns the session id, or throws {@link IllegalArgumentException} naming the field. */
    public static String requireSession(String session) {
        return require("session", session);
    }

    /** Returns the name, or throws {@link IllegalArgumentException} naming the field. */
    public static String require(String field, String name) {
        if (name == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        if (!isValid(name)) {
            throw new IllegalArgumentException("field '" + field + "' must match " + PATTERN + ", got " + show(name));
        }
        return name;
    }

    /** Quotes a possibly hostile string for an error message: bounded length, control characters escaped. */
    public static String show(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), SHOWN_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > SHOWN_CHARS) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }
}
