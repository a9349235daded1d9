package org.zaploop.protocol.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Corrupts valid records the ways real corruption and hostile producers do: bit flips, truncations,
 * extensions, overwritten byte ranges, length fields set to huge or negative values, random bytes; and for
 * JSON also wrong types, NaN/Infinity literals, unknown enum values, missing and extra fields, deep nesting.
 * Deterministic for a given {@link Random}.
 */
public final class Mutator {

    /** A corrupted record and how it was made, for the failure message. */
    public record Mutant(byte[] bytes, String how) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int[] EDGE_INTS = {0, 1, -1, 2, 255, 256, 65535, 65536, 65537, 4096, 4097, 1024, 1025,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE / 2, 1 << 24, (1 << 24) + 1, 0x7FFF, 0x8000};

    private static final int MAX_CACHED_TREES = 64;

    private final Random random;
    /** Parsed seeds, so each JSON mutant costs one deep copy instead of one parse. */
    private final java.util.IdentityHashMap<byte[], ObjectNode> trees = new java.util.IdentityHashMap<>();

    public Mutator(Random random) {
        this.random = random;
    }

    public Mutant binary(byte[] valid) {
        int steps = random.nextInt(10) == 0 ? 2 + random.nextInt(2) : 1;
        byte[] b = valid;
        StringBuilder how = new StringBuilder();
        for (int i = 0; i < steps; i++) {
            Mutant m = binaryOnce(b);
            b = m.bytes();
            how.append(i == 0 ? "" : " + ").append(m.how());
        }
        return new Mutant(b, how.toString());
    }

    private Mutant binaryOnce(byte[] valid) {
        byte[] b = valid.clone();
        switch (random.nextInt(10)) {
            case 0: {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips && b.length > 0; i++) {
                    int bit = random.nextInt(b.length * 8);
                    b[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return new Mutant(b, flips + " bit flips");
            }
            case 1: {
                int length = b.length == 0 ? 0 : random.nextInt(b.length);
                return new Mutant(Arrays.copyOf(b, length), "truncate to " + length);
            }
            case 2: {
                byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
                for (int i = b.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return new Mutant(longer, "extend by " + (longer.length - b.length));
            }
            case 3: {
                if (b.length == 0) {
                    return new Mutant(b, "empty");
                }
                int at = random.nextInt(b.length);
                int n = 1 + random.nextInt(Math.min(16, b.length - at));
                for (int i = 0; i < n; i++) {
                    b[at + i] = (byte) random.nextInt(256);
                }
                return new Mutant(b, "overwrite " + n + " bytes at " + at);
            }
            case 4:
            case 5: {
                if (b.length < 4) {
                    return new Mutant(b, "too short for int overwrite");
                }
                int at = random.nextInt(b.length - 3);
                int value = random.nextBoolean() ? EDGE_INTS[random.nextInt(EDGE_INTS.length)] : random.nextInt();
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
                return new Mutant(b, "int32 " + value + " at " + at);
            }
            case 6: {
                if (b.length < 10) {
                    return new Mutant(b, "too short for u16 overwrite");
                }
                int at = random.nextBoolean() ? 6 : 8; // header length, first string length
                int value = random.nextInt(65536);
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
                return new Mutant(b, "u16 " + value + " at " + at);
            }
            case 7: {
                byte[] r = new byte[random.nextInt(256)];
                random.nextBytes(r);
                if (r.length >= 8 && random.nextBoolean()) {
                    System.arraycopy(valid, 0, r, 0, Math.min(8, valid.length)); // keep magic and version
                }
                return new Mutant(r, "random " + r.length + " bytes");
            }
            case 8: {
                int at = random.nextInt(b.length + 1);
                int n = 1 + random.nextInt(8);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) random.nextInt(256);
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                return new Mutant(out, "insert " + n + " at " + at);
            }
            default: {
                if (b.length == 0) {
                    return new Mutant(b, "empty");
                }
                int at = random.nextInt(b.length);
                int n = 1 + random.nextInt(Math.min(8, b.length - at));
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                return new Mutant(out, "delete " + n + " at " + at);
            }
        }
    }

    public Mutant json(byte[] valid) {
        int kind = random.nextInt(10);
        if (kind < 3) {
            return binary(valid); // byte-level damage: broken syntax, broken UTF-8, cut documents
        }
        if (kind == 3) {
            return textual(valid);
        }
        try {
            ObjectNode seed = trees.get(valid);
            if (seed == null) {
                seed = (ObjectNode) MAPPER.readTree(valid);
                if (trees.size() >= MAX_CACHED_TREES) {
                    trees.clear(); // callers that make a fresh seed per mutant must not grow the cache
                }
                trees.put(valid, seed);
            }
            ObjectNode root = seed.deepCopy();
            List<ObjectNode> objects = new ArrayList<>();
            collectObjects(root, objects);
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            String how;
            if (kind <= 6 && !names.isEmpty()) {
                String name = names.get(random.nextInt(names.size()));
                JsonNode wrong = wrongValue();
                target.set(name, wrong);
                how = "set '" + name + "' to " + abbreviate(wrong.toString());
            } else if (kind == 7 && !names.isEmpty()) {
                String name = names.get(random.nextInt(names.size()));
                target.remove(name);
                how = "remove '" + name + "'";
            } else {
                String name = random.nextBoolean() ? "extra" : names.isEmpty() ? "x" : names.get(0) + "_";
                target.set(name, wrongValue());
                how = "add '" + name + "'";
            }
            return new Mutant(MAPPER.writeValueAsBytes(root), how);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text-level edits Jackson's tree cannot express: non-standard literals and absurd nesting. */
    private Mutant textual(byte[] valid) {
        String s = new String(valid, StandardCharsets.UTF_8);
        String[] literals = {"NaN", "Infinity", "-Infinity", "1e999", "-0", "0x10", "01", "1.", ".5", "+1",
                "\"NaN\"", "true", "null", "[]", "{}", "\"\\ud800\"", "\"\u0000\""};
        int choice = random.nextInt(4);
        if (choice == 0) {
            // Replace the first number after a random colon with a literal.
            int colon = s.indexOf(':', random.nextInt(s.length()));
            if (colon < 0) {
                colon = s.indexOf(':');
            }
            int end = colon + 1;
            while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            String lit = literals[random.nextInt(literals.length)];
            return new Mutant((s.substring(0, colon + 1) + lit + s.substring(end)).getBytes(StandardCharsets.UTF_8),
                    "value after " + colon + " := " + lit);
        } else if (choice == 1) {
            int depth = 10 + random.nextInt(3_000); // the parser's limit is 16
            String nested = "[".repeat(depth) + "]".repeat(depth);
            return new Mutant(s.replaceFirst(":", ":" + nested + ",\"z\":").getBytes(StandardCharsets.UTF_8),
                    "nesting depth " + depth);
        } else if (choice == 2) {
            String doc = random.nextBoolean() ? "[" + s + "]" : s + s;
            return new Mutant(doc.getBytes(StandardCharsets.UTF_8), "wrapped or doubled document");
        } else {
            int colon = s.indexOf(':');
            String key = s.substring(1, colon);
            return new Mutant(s.replaceFirst("\\{", "{" + key + ":0,").getBytes(StandardCharsets.UTF_8),
                    "duplicate key " + key);
        }
    }

    private JsonNode wrongValue() {
        switch (random.nextInt(16)) {
            case 0: return F.textNode("LASERZ");
            case 1: return F.textNode("");
            case 2: return F.numberNode(random.nextInt());
            case 3: return F.numberNode(Long.MAX_VALUE);
            case 4: return F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 5: return F.numberNode(-1);
            case 6: return F.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 7: return F.numberNode(1.5);
            case 8: return F.booleanNode(random.nextBoolean());
            case 9: return F.nullNode();
            case 10: {
                ArrayNode a = F.arrayNode();
                a.add(1.0).add("x");
                return a;
            }
            case 11: {
                ObjectNode o = F.objectNode();
                o.put("a", 1);
                return o;
            }
            case 12: return F.textNode("x".repeat(random.nextInt(5000)));
            case 13: return F.textNode(random.nextBoolean() ? "OFF" : "fish-02");
            case 14: return F.numberNode(new java.math.BigDecimal("1e400"));
            default: {
                JsonNode n = F.numberNode(0);
                for (int i = random.nextInt(40); i > 0; i--) {
                    n = F.arrayNode().add(n);
                }
                return n;
            }
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> out) {
        if (node.isObject()) {
            out.add((ObjectNode) node);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collectObjects(it.next(), out);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + " chars)" : s;
    }
}
