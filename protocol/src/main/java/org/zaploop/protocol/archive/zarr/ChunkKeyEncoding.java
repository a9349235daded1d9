package org.zaploop.protocol.archive.zarr;

/**
 * How chunk indices map to chunk file paths. {@code default} (zarr v3): {@code c/1/2} with separator
 * {@code "/"} (or {@code c.1.2} with {@code "."}); {@code v2}: {@code 1.2} (or {@code 1/2}); a zero-dimensional
 * array's only chunk is {@code c} and {@code 0}. Reads and writes no topic or store.
 *
 * @param name      {@code "default"} or {@code "v2"}
 * @param separator {@code '/'} or {@code '.'}
 */
public record ChunkKeyEncoding(String name, char separator) {

    public static final ChunkKeyEncoding DEFAULT = new ChunkKeyEncoding("default", '/');
    public static final ChunkKeyEncoding DEFAULT_DOT = new ChunkKeyEncoding("default", '.');
    public static final ChunkKeyEncoding V2 = new ChunkKeyEncoding("v2", '.');
    public static final ChunkKeyEncoding V2_SLASH = new ChunkKeyEncoding("v2", '/');

    public ChunkKeyEncoding {
        if (!"default".equals(name) && !"v2".equals(name)) {
            throw new IllegalArgumentException("chunk_key_encoding must be 'default' or 'v2', got '" + name + "'");
        }
        if (separator != '/' && separator != '.') {
            throw new IllegalArgumentException("chunk key separator must be '/' or '.', got '" + separator + "'");
        }
    }

    /** The chunk's key relative to the array directory, e.g. {@code "c/12/0"}. */
    public String key(long[] chunkIndex) {
        boolean v2 = "v2".equals(name);
        StringBuilder sb = new StringBuilder(v2 ? "" : "c");
        if (chunkIndex.length == 0) {
            return v2 ? "0" : "c";
        }
        for (int i = 0; i < chunkIndex.length; i++) {
            if (!v2 || i > 0) {
                sb.append(separator);
            }
            sb.append(chunkIndex[i]);
        }
        return sb.toString();
    }
}
