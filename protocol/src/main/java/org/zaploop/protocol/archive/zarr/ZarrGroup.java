package org.zaploop.protocol.archive.zarr;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.zaploop.protocol.archive.ArchiveFormatException;

/**
 * A zarr group: a directory with {@code zarr.json} ({@code node_type: "group"}, v3) or {@code .zgroup} (v2)
 * and its attributes ({@code attributes} in v3, {@code .zattrs} in v2). Attributes are rewritten atomically.
 * Reads and writes no topic or store.
 */
public final class ZarrGroup {

    private final Path dir;
    private final int zarrFormat;
    private final ObjectNode attributes;

    private ZarrGroup(Path dir, int zarrFormat, ObjectNode attributes) {
        this.dir = dir;
        this.zarrFormat = zarrFormat;
        this.attributes = attributes;
    }

    /** Creates a zarr v3 group with the given attributes; fails if a zarr node is already there. */
    public static ZarrGroup create(Path dir, Map<String, ?> attributes) throws IOException {
        if (Files.exists(dir.resolve("zarr.json")) || Files.exists(dir.resolve(".zgroup"))) {
            throw new FileAlreadyExistsException(dir.toString(), null, "a zarr node already exists there");
        }
        ObjectNode attrs = MetadataJson.MAPPER.valueToTree(attributes == null ? Map.of() : attributes);
        ZarrGroup g = new ZarrGroup(dir, 3, attrs);
        g.write();
        return g;
    }

    /** Opens a v3 group ({@code zarr.json}) or a v2 group ({@code .zgroup}, optional {@code .zattrs}). */
    public static ZarrGroup open(Path dir) throws IOException {
        Path v3 = dir.resolve("zarr.json");
        if (Files.isRegularFile(v3)) {
            JsonNode n = MetadataJson.readJson(v3);
            if (n.path("zarr_format").asInt(-1) != 3) {
                throw new ArchiveFormatException(v3, "zarr_format is " + n.get("zarr_format") + ", expected 3");
            }
            if (!"group".equals(n.path("node_type").asText())) {
                throw new ArchiveFormatException(v3, "node_type is " + n.get("node_type") + ", expected 'group'");
            }
            JsonNode a = n.get("attributes");
            if (a != null && !a.isObject()) {
                throw new ArchiveFormatException(v3, "field 'attributes' must be an object, got " + a);
            }
            return new ZarrGroup(dir, 3, a == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) a);
        }
        Path v2 = dir.resolve(".zgroup");
        if (Files.isRegularFile(v2)) {
            JsonNode n = MetadataJson.readJson(v2);
            if (n.path("zarr_format").asInt(-1) != 2) {
                throw new ArchiveFormatException(v2, "zarr_format is " + n.get("zarr_format") + ", expected 2");
            }
            Path za = dir.resolve(".zattrs");
            ObjectNode attrs = Files.isRegularFile(za) ? (ObjectNode) MetadataJson.readJson(za)
                    : JsonNodeFactory.instance.objectNode();
            return new ZarrGroup(dir, 2, attrs);
        }
        throw new ArchiveFormatException(dir, "not a zarr group: neither zarr.json nor .zgroup exists");
    }

    /** Whether {@code dir} holds a v3 group {@code zarr.json} or a v2 {@code .zgroup} (without parsing it). */
    public static boolean exists(Path dir) {
        if (Files.isRegularFile(dir.resolve(".zgroup"))) {
            return true;
        }
        try {
            return Files.isRegularFile(dir.resolve("zarr.json"))
                    && "group".equals(MetadataJson.readJson(dir.resolve("zarr.json")).path("node_type").asText());
        } catch (IOException e) {
            return false;
        }
    }

    public Path path() {
        return dir;
    }

    public int zarrFormat() {
        return zarrFormat;
    }

    /** A copy of the attributes. */
    public ObjectNode attributes() {
        return attributes.deepCopy();
    }

    /** Replaces the attributes and rewrites the metadata atomically (v3 groups only). */
    public ZarrGroup withAttributes(ObjectNode newAttributes) throws IOException {
        if (zarrFormat != 3) {
            throw new IOException(dir + ": only zarr v3 groups are written");
        }
        ZarrGroup g = new ZarrGroup(dir, 3, newAttributes.deepCopy());
        g.write();
        return g;
    }

    private void write() throws IOException {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("zarr_format", 3);
        n.put("node_type", "group");
        n.set("attributes", attributes);
        AtomicFiles.write(dir.resolve("zarr.json"), MetadataJson.toBytes(n));
    }
}
