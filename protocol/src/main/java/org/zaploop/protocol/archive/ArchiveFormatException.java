package org.zaploop.protocol.archive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one exception the session archive and its zarr layer throw for files they cannot accept: malformed or
 * unsupported {@code zarr.json} / {@code .zarray}, unknown codec, wrong shape or data type, chunk of the wrong
 * byte length, corrupt gzip or zstd stream, missing chunk inside the recorded range, bad commit record.
 *
 * <p>The message always starts with the file and then names the problem, e.g.
 * {@code "/data/s1/traces/c/12/0: chunk c/12/0 of traces is missing although frame 6144 was recorded"}.
 * Reads never return a wrong array instead. Reads and writes no topic or store.
 */
public class ArchiveFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ArchiveFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ArchiveFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file (or directory) the problem is in. */
    public Path file() {
        return file;
    }
}
