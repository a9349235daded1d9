package org.zaploop.protocol.archive.zarr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Durable, atomic file replacement: the bytes go to a temp file in the target's directory (name starting with
 * {@link #TEMP_PREFIX}), are forced to disk, and the temp file is renamed over the target; then the directory
 * is forced so the rename itself survives a power cut. A reader therefore sees the old file or the new one,
 * never a torn one. Reads and writes no topic or store.
 */
public final class AtomicFiles {

    /** Every temp file this class creates starts with this; such files are never part of an archive. */
    public static final String TEMP_PREFIX = ".zl-tmp-";

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code data}, atomically and durably; creates missing parent directories. */
    public static void write(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureDirectories(dir);
        Path tmp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + "-", "");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("file system of " + dir + " cannot rename atomically", e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} and missing ancestors, forcing each parent after adding an entry to it. */
    public static void ensureDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
            syncDirectory(p.getParent());
        }
    }

    /** Forces a directory's entries to disk (a no-op where the platform cannot open directories). */
    public static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows and some file systems cannot open or force a directory; the rename is still atomic there.
        }
    }

    /** Whether the file is a leftover temp file of an interrupted write. */
    public static boolean isTemp(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(TEMP_PREFIX);
    }

    /** Deletes every leftover temp file under {@code root}; returns how many. */
    public static int deleteTempFiles(Path root) throws IOException {
        int n = 0;
        List<Path> temps;
        try (Stream<Path> s = Files.walk(root)) {
            temps = s.filter(AtomicFiles::isTemp).toList();
        }
        for (Path p : temps) {
            try {
                if (Files.deleteIfExists(p)) {
                    n++;
                }
            } catch (NoSuchFileException e) {
                // already gone
            }
        }
        return n;
    }
}
