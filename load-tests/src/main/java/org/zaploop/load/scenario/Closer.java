package org.zaploop.load.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Closing a scenario's parts in order, each whatever the others do; removing its temporary state. */
final class Closer {

    private Closer() {
    }

    static void close(AutoCloseable... parts) {
        for (AutoCloseable c : parts) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Closer.class).warn("closing {} failed: {}",
                        c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Deletes a temporary directory tree (a leftover temp file is harmless). */
    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // harmless
        }
    }
}
