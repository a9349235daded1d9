package org.zaploop.controller.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Where a running controller tells local operator commands ({@code zaploop stimulate}, {@code zaploop stop}) its
 * endpoint and token, as Jupyter's connection files do: {@code <zaploop home>/.zaploop/control/<session>.properties},
 * readable by its owner only (0600), deleted when the controller closes. Anyone who can read the file can stimulate
 * through the envelope and stop the controller, exactly like anyone given the token.
 *
 * @param url   the endpoint's base URL
 * @param token its bearer token
 */
public record ControlFile(String url, String token) {

    /** The default directory: {@code $zaploop.home/.zaploop/control} (the {@code zaploop} script sets the home). */
    public static Path defaultDir() {
        return Path.of(System.getProperty("zaploop.home", "."), ".zaploop", "control");
    }

    public static Path path(Path dir, String session) {
        return dir.resolve(session + ".properties");
    }

    /** Writes atomically, owner-only where the file system knows POSIX permissions. */
    public void write(Path dir, String session) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, session, ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Properties p = new Properties();
        p.setProperty("url", url);
        p.setProperty("token", token);
        try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "zaploop controller of session " + session + " (deleted when it stops)");
        }
        Files.move(tmp, path(dir, session), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The session's file, or null when no controller of that session has one here. */
    public static ControlFile read(Path dir, String session) throws IOException {
        Path f = path(dir, session);
        if (!Files.exists(f)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String url = p.getProperty("url");
        String token = p.getProperty("token");
        if (url == null || token == null) {
            throw new IOException(f + " lacks url or token");
        }
        return new ControlFile(url, token);
    }

    @Override
    public String toString() {
        return "ControlFile[url=" + url + ", token=(hidden)]";
    }
}
