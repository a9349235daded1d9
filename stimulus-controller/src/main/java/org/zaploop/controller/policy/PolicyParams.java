package org.zaploop.controller.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A policy's configuration as text ({@code name=value} pairs from a command line or config file), read with
 * defaults, remembered for the audit trail, and checked for unknown names. Reads and writes no topic.
 */
public final class PolicyParams {

    private final Map<String, String> given;
    private final Set<String> read = new HashSet<>();
    private final Map<String, Object> effective = new LinkedHashMap<>();

    public PolicyParams(Map<String, String> given) {
        this.given = Map.copyOf(given == null ? Map.of() : given);
    }

    public double dbl(String name, double def) {
        String v = take(name);
        double d;
        try {
            d = v == null ? def : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy param '" + name + "': not a number: " + v);
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("policy param '" + name + "' must be finite, got " + v);
        }
        effective.put(name, d);
        return d;
    }

    public long lng(String name, long def) {
        String v = take(name);
        long d;
        try {
            d = v == null ? def : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy param '" + name + "': not an integer: " + v);
        }
        effective.put(name, d);
        return d;
    }

    public boolean bool(String name, boolean def) {
        String v = take(name);
        boolean b = v == null ? def : switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("policy param '" + name + "': not a boolean: " + v);
        };
        effective.put(name, b);
        return b;
    }

    public String str(String name, String def) {
        String v = take(name);
        String s = v == null ? def : v.trim();
        effective.put(name, s);
        return s;
    }

    /** A comma-separated list of numbers. */
    public double[] doubles(String name, String def) {
        String s = str(name, def);
        List<Double> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                try {
                    out.add(Double.parseDouble(part.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("policy param '" + name + "': not a number: " + part);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A comma-separated list of integers, with ranges {@code a-b} (inclusive). */
    public int[] ints(String name, String def) {
        String s = str(name, def);
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(p.substring(0, dash).trim());
                    int b = Integer.parseInt(p.substring(dash + 1).trim());
                    for (int i = a; i <= b; i++) {
                        out.add(i);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("policy param '" + name + "': not an integer list: " + s);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Throws if a given name was never read (a typo would otherwise be silently ignored). */
    public void requireAllUsed(String policy) {
        Set<String> unknown = new HashSet<>(given.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("policy '" + policy + "' has no parameter(s) " + unknown
                    + "; it takes " + effective.keySet());
        }
    }

    /** The values in force, for the audit trail. */
    public Map<String, Object> effective() {
        return Map.copyOf(effective);
    }

    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private String take(String name) {
        read.add(name);
        return given.get(name);
    }
}
