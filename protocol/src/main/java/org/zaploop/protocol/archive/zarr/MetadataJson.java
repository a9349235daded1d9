package org.zaploop.protocol.archive.zarr;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.zaploop.protocol.archive.ArchiveFormatException;

/**
 * Reads and writes zarr metadata documents: v3 {@code zarr.json} (arrays and groups), v2 {@code .zarray},
 * {@code .zgroup} and {@code .zattrs}. Every problem becomes an {@link ArchiveFormatException} naming the file.
 */
final class MetadataJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] V3_ARRAY_KEYS = {"zarr_format", "node_type", "shape", "data_type", "chunk_grid",
        "chunk_key_encoding", "fill_value", "codecs", "attributes", "dimension_names", "storage_transformers"};

    private final Path file;

    private MetadataJson(Path file) {
        this.file = file;
    }

    /** Parsed array metadata and the zarr format it came from. */
    record Parsed(ArraySpec spec, int zarrFormat) {
    }

    /** Reads a JSON document; a missing file is a {@link NoSuchFileException}, bad JSON a format error. */
    static JsonNode readJson(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new ArchiveFormatException(file, "malformed metadata: expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ArchiveFormatException(file, "malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    static byte[] toBytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the array metadata in {@code dir}: {@code zarr.json} (v3) or else {@code .zarray} (v2). */
    static Parsed readArray(Path dir) throws IOException {
        Path v3 = dir.resolve("zarr.json");
        if (Files.isRegularFile(v3)) {
            return new Parsed(new MetadataJson(v3).parseV3(readJson(v3)), 3);
        }
        Path v2 = dir.resolve(".zarray");
        if (Files.isRegularFile(v2)) {
            JsonNode attrs = null;
            Path za = dir.resolve(".zattrs");
            if (Files.isRegularFile(za)) {
                attrs = readJson(za);
            }
            return new Parsed(new MetadataJson(v2).parseV2(readJson(v2), attrs), 2);
        }
        throw new ArchiveFormatException(dir, "not a zarr array: neither zarr.json nor .zarray exists");
    }

    // ---------------------------------------------------------------- v3

    private ArraySpec parseV3(JsonNode n) throws ArchiveFormatException {
        int format = intField(n, "zarr_format");
        if (format != 3) {
            throw fail("zarr_format is " + format + ", expected 3");
        }
        String nodeType = text(n, "node_type");
        if (!"array".equals(nodeType)) {
            throw fail("node_type is '" + nodeType + "', expected 'array'");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!List.of(V3_ARRAY_KEYS).contains(e.getKey())) {
                JsonNode v = e.getValue();
                if (!(v.isObject() && v.path("must_understand").isBoolean() && !v.path("must_understand").asBoolean())) {
                    throw fail("unknown metadata field '" + e.getKey() + "' (not marked must_understand: false)");
                }
            }
        }
        long[] shape = longs(n, "shape");
        String dt = text(n, "data_type");
        DataType type = DataType.fromV3(dt);
        if (type == null) {
            throw fail("unsupported data_type '" + dt + "'");
        }
        JsonNode grid = object(n, "chunk_grid");
        if (!"regular".equals(text(grid, "name"))) {
            throw fail("unsupported chunk_grid '" + text(grid, "name") + "', expected 'regular'");
        }
        long[] chunkL = longs(object(grid, "configuration"), "chunk_shape");
        int[] chunks = new int[chunkL.length];
        for (int i = 0; i < chunks.length; i++) {
            if (chunkL[i] < 1 || chunkL[i] > Integer.MAX_VALUE) {
                throw fail("chunk_shape has an extent " + chunkL[i]);
            }
            chunks[i] = (int) chunkL[i];
        }
        ChunkKeyEncoding keys = ChunkKeyEncoding.DEFAULT;
        if (n.has("chunk_key_encoding")) {
            JsonNode k = object(n, "chunk_key_encoding");
            String name = text(k, "name");
            String sep = k.path("configuration").path("separator").asText("v2".equals(name) ? "." : "/");
            try {
                keys = new ChunkKeyEncoding(name, sep.length() == 1 ? sep.charAt(0) : '?');
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        } else {
            throw fail("missing field 'chunk_key_encoding'");
        }
        if (!n.has("fill_value")) {
            throw fail("missing field 'fill_value'");
        }
        long fill = parseFill(n.get("fill_value"), type);
        JsonNode codecsNode = n.get("codecs");
        if (codecsNode == null || !codecsNode.isArray()) {
            throw fail("field 'codecs' must be a list");
        }
        List<Codec> codecs = new ArrayList<>();
        for (JsonNode c : codecsNode) {
            codecs.add(parseCodecV3(c, type, shape.length));
        }
        JsonNode st = n.get("storage_transformers");
        if (st != null && !(st.isArray() && st.isEmpty())) {
            throw fail("storage_transformers are not supported: " + st);
        }
        List<String> dimNames = null;
        JsonNode dn = n.get("dimension_names");
        if (dn != null && !dn.isNull()) {
            if (!dn.isArray()) {
                throw fail("field 'dimension_names' must be a list");
            }
            dimNames = new ArrayList<>();
            for (JsonNode d : dn) {
                dimNames.add(d.isNull() ? null : d.asText());
            }
        }
        Map<String, Object> attrs = attributes(n.get("attributes"));
        return build(shape, chunks, type, fill, codecs, keys, dimNames, attrs);
    }

    private Codec parseCodecV3(JsonNode c, DataType type, int rank) throws ArchiveFormatException {
        String name;
        JsonNode conf;
        if (c.isTextual()) {
            name = c.asText();
            conf = F.objectNode();
        } else if (c.isObject()) {
            name = text(c, "name");
            conf = c.path("configuration");
        } else {
            throw fail("malformed codec entry " + c);
        }
        try {
            switch (name) {
                case "bytes": {
                    JsonNode e = conf.get("endian");
                    if (e == null) {
                        if (type.size() > 1) {
                            throw fail("codec 'bytes' needs configuration.endian for " + type);
                        }
                        return Codec.Bytes.LITTLE;
                    }
                    return switch (e.asText()) {
                        case "little" -> Codec.Bytes.LITTLE;
                        case "big" -> Codec.Bytes.BIG;
                        default -> throw fail("codec 'bytes': endian must be 'little' or 'big', got " + e);
                    };
                }
                case "transpose": {
                    JsonNode o = conf.get("order");
                    if (o != null && o.isTextual()) {
                        switch (o.asText()) {
                            case "C": return new Codec.Transpose(identity(rank));
                            case "F": return Codec.Transpose.reversed(rank);
                            default: throw fail("codec 'transpose': order must be a permutation, 'C' or 'F', got " + o);
                        }
                    }
                    return new Codec.Transpose(ints(conf, "order"));
                }
                case "gzip":
                    return new Codec.Gzip(conf.path("level").asInt(5));
                case "zstd":
                    return new Codec.Zstd(conf.path("level").asInt(0), conf.path("checksum").asBoolean(false));
                case "crc32c":
                    return new Codec.Crc32c();
                case "sharding_indexed":
                    throw fail("codec 'sharding_indexed' is not supported (sharded arrays cannot be read here)");
                default:
                    throw fail("unsupported codec '" + name + "'");
            }
        } catch (IllegalArgumentException e) {
            throw fail("codec '" + name + "': " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- v2

    private ArraySpec parseV2(JsonNode n, JsonNode attrsNode) throws ArchiveFormatException {
        int format = intField(n, "zarr_format");
        if (format != 2) {
            throw fail("zarr_format is " + format + ", expected 2");
        }
        long[] shape = longs(n, "shape");
        int[] chunks = ints(n, "chunks");
        JsonNode dtNode = n.get("dtype");
        if (dtNode == null || !dtNode.isTextual()) {
            throw fail("unsupported dtype " + dtNode + " (structured dtypes are not supported)");
        }
        String dt = dtNode.asText();
        DataType type = DataType.fromV2(dt);
        if (type == null) {
            throw fail("unsupported dtype '" + dt + "'");
        }
        List<Codec> codecs = new ArrayList<>();
        String order = n.path("order").asText("C");
        if ("F".equals(order)) {
            codecs.add(Codec.Transpose.reversed(shape.length));
        } else if (!"C".equals(order)) {
            throw fail("order must be 'C' or 'F', got '" + order + "'");
        }
        codecs.add(new Codec.Bytes(DataType.v2Order(dt)));
        JsonNode filters = n.get("filters");
        if (filters != null && !filters.isNull() && !(filters.isArray() && filters.isEmpty())) {
            throw fail("unsupported filter '" + filters.path(0).path("id").asText(filters.toString()) + "'");
        }
        JsonNode comp = n.get("compressor");
        if (comp != null && !comp.isNull()) {
            String id = comp.path("id").asText("?");
            try {
                codecs.add(switch (id) {
                    case "gzip" -> new Codec.Gzip(comp.path("level").asInt(5));
                    case "zlib" -> new Codec.Zlib(comp.path("level").asInt(-1));
                    case "zstd" -> new Codec.Zstd(comp.path("level").asInt(0), comp.path("checksum").asBoolean(false));
                    case "crc32c" -> new Codec.Crc32c();
                    default -> throw fail("unsupported compressor '" + id + "'");
                });
            } catch (IllegalArgumentException e) {
                throw fail("compressor '" + id + "': " + e.getMessage());
            }
        }
        String sep = n.path("dimension_separator").asText(".");
        if (!".".equals(sep) && !"/".equals(sep)) {
            throw fail("dimension_separator must be '.' or '/', got '" + sep + "'");
        }
        JsonNode fillNode = n.get("fill_value");
        long fill = fillNode == null || fillNode.isNull() ? 0L : parseFill(fillNode, type);
        return build(shape, chunks, type, fill, codecs, new ChunkKeyEncoding("v2", sep.charAt(0)), null,
                attributes(attrsNode));
    }

    // ---------------------------------------------------------------- writing

    static ObjectNode toV3(ArraySpec s) {
        ObjectNode n = F.objectNode();
        n.put("zarr_format", 3);
        n.put("node_type", "array");
        ArrayNode shape = n.putArray("shape");
        for (long v : s.shape()) {
            shape.add(v);
        }
        n.put("data_type", s.dataType().v3Name());
        ObjectNode grid = n.putObject("chunk_grid");
        grid.put("name", "regular");
        ArrayNode cs = grid.putObject("configuration").putArray("chunk_shape");
        for (int v : s.chunkShape()) {
            cs.add(v);
        }
        ObjectNode keys = n.putObject("chunk_key_encoding");
        keys.put("name", s.keyEncoding().name());
        keys.putObject("configuration").put("separator", String.valueOf(s.keyEncoding().separator()));
        n.set("fill_value", fillJson(s.dataType(), s.fillBits()));
        ArrayNode codecs = n.putArray("codecs");
        for (Codec c : s.codecs()) {
            ObjectNode cn = codecs.addObject();
            cn.put("name", c.name());
            if (c instanceof Codec.Bytes b) {
                cn.putObject("configuration").put("endian", b.endian() == ByteOrder.BIG_ENDIAN ? "big" : "little");
            } else if (c instanceof Codec.Transpose t) {
                ArrayNode o = cn.putObject("configuration").putArray("order");
                for (int v : t.order()) {
                    o.add(v);
                }
            } else if (c instanceof Codec.Gzip g) {
                cn.putObject("configuration").put("level", g.level());
            } else if (c instanceof Codec.Zstd z) {
                cn.putObject("configuration").put("level", z.level()).put("checksum", z.checksum());
            } else if (c instanceof Codec.Zlib) {
                throw new IllegalArgumentException("codec 'zlib' exists only as a zarr v2 compressor");
            }
        }
        n.set("attributes", MAPPER.valueToTree(s.attributes()));
        if (s.dimensionNames() != null) {
            ArrayNode dn = n.putArray("dimension_names");
            s.dimensionNames().forEach(dn::add);
        }
        return n;
    }

    static JsonNode fillJson(DataType t, long bits) {
        switch (t) {
            case FLOAT32: {
                float f = Float.intBitsToFloat((int) bits);
                if (Float.isNaN(f)) {
                    return (int) bits == 0x7fc00000 ? F.textNode("NaN") : F.textNode(String.format("0x%08x", (int) bits));
                }
                return Float.isInfinite(f) ? F.textNode(f > 0 ? "Infinity" : "-Infinity") : F.numberNode(f);
            }
            case FLOAT64: {
                double d = Double.longBitsToDouble(bits);
                if (Double.isNaN(d)) {
                    return bits == 0x7ff8000000000000L ? F.textNode("NaN") : F.textNode(String.format("0x%016x", bits));
                }
                return Double.isInfinite(d) ? F.textNode(d > 0 ? "Infinity" : "-Infinity") : F.numberNode(d);
            }
            case UINT64:
                return F.numberNode(new BigInteger(Long.toUnsignedString(bits)));
            default:
                return F.numberNode((long) t.valueOf(bits));
        }
    }

    // ---------------------------------------------------------------- helpers

    private long parseFill(JsonNode v, DataType t) throws ArchiveFormatException {
        try {
            if (v.isNumber()) {
                if (t.isFloating()) {
                    return t.bitsOf(v.doubleValue());
                }
                if (t == DataType.UINT64 && v.isIntegralNumber()) {
                    BigInteger b = v.bigIntegerValue();
                    if (b.signum() < 0 || b.bitLength() > 64) {
                        throw new IllegalArgumentException("uint64 cannot hold " + b);
                    }
                    return b.longValue();
                }
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return t.integerBits(v.longValue());
                }
                return t.bitsOf(v.doubleValue());
            }
            if (v.isTextual() && t.isFloating()) {
                String s = v.asText();
                switch (s) {
                    case "NaN":
                        return t.bitsOf(Double.NaN);
                    case "Infinity":
                        return t.bitsOf(Double.POSITIVE_INFINITY);
                    case "-Infinity":
                        return t.bitsOf(Double.NEGATIVE_INFINITY);
                    default:
                        if (s.startsWith("0x") && s.length() == 2 + 2 * t.size()) {
                            return Long.parseUnsignedLong(s.substring(2), 16);
                        }
                }
            }
        } catch (IllegalArgumentException e) {
            throw fail("fill_value " + v + ": " + e.getMessage());
        }
        throw fail("fill_value " + v + " is not a valid " + t);
    }

    private ArraySpec build(long[] shape, int[] chunks, DataType type, long fill, List<Codec> codecs,
                            ChunkKeyEncoding keys, List<String> dimNames, Map<String, Object> attrs)
            throws ArchiveFormatException {
        try {
            return new ArraySpec(shape, chunks, type, fill, codecs, keys, dimNames, attrs);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> attributes(JsonNode a) {
        if (a == null || !a.isObject()) {
            return new LinkedHashMap<>();
        }
        return MAPPER.convertValue(a, LinkedHashMap.class);
    }

    private ArchiveFormatException fail(String problem) {
        return new ArchiveFormatException(file, problem);
    }

    private int intField(JsonNode n, String f) throws ArchiveFormatException {
        JsonNode v = n.get(f);
        if (v == null || !v.isIntegralNumber()) {
            throw fail(v == null ? "missing field '" + f + "'" : "field '" + f + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    private String text(JsonNode n, String f) throws ArchiveFormatException {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw fail(v == null ? "missing field '" + f + "'" : "field '" + f + "' must be a string, got " + v);
        }
        return v.asText();
    }

    private JsonNode object(JsonNode n, String f) throws ArchiveFormatException {
        JsonNode v = n.get(f);
        if (v == null || !v.isObject()) {
            throw fail(v == null ? "missing field '" + f + "'" : "field '" + f + "' must be an object, got " + v);
        }
        return v;
    }

    private long[] longs(JsonNode n, String f) throws ArchiveFormatException {
        JsonNode v = n.get(f);
        if (v == null || !v.isArray()) {
            throw fail(v == null ? "missing field '" + f + "'" : "field '" + f + "' must be a list, got " + v);
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToLong() || e.asLong() < 0) {
                throw fail("field '" + f + "' must hold non-negative integers, got " + v);
            }
            out[i] = e.asLong();
        }
        return out;
    }

    private int[] ints(JsonNode n, String f) throws ArchiveFormatException {
        long[] l = longs(n, f);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] > Integer.MAX_VALUE) {
                throw fail("field '" + f + "' has a value too large: " + l[i]);
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
