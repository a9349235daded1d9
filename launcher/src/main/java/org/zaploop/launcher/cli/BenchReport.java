package org.zaploop.launcher.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Output and clean-up shared by the imaging benchmarks: a figure table or one JSON object; temp trees removed. */
final class BenchReport {

    private BenchReport() {
    }

    /** Prints {@code figures} as one JSON object, or as a titled table with a closing line. */
    static void print(PrintWriter out, Map<String, Object> figures, boolean json, String title, String footer) {
        if (json) {
            StringBuilder b = new StringBuilder("{");
            figures.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                    .append(v instanceof String ? "\"" + v + "\"" : v));
            out.println(b.append('}'));
        } else {
            out.println(title);
            figures.forEach((k, v) -> out.printf(Locale.ROOT, "  %-34s %s%n", k, v));
            out.println(footer);
        }
        out.flush();
    }

    static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** Deletes a temporary directory tree (what cannot be deleted stays: a leftover temp file is harmless). */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
