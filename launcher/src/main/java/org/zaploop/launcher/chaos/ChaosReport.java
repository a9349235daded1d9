package org.zaploop.launcher.chaos;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zaploop.launcher.cli.Json;

/**
 * The outcome of one chaos scenario: its checks with their verdicts and the figures measured along the way.
 * Printed as a verdict table, or as exactly one JSON object.
 *
 * @param scenario the scenario's name ({@code broker-restart} …)
 * @param checks   the verdicts, in the order they were checked
 * @param figures  measured figures (counts, seconds), in insertion order
 */
public record ChaosReport(String scenario, List<ChaosVerdict> checks, Map<String, Object> figures) {

    public ChaosReport {
        checks = List.copyOf(checks);
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** True when every check held (and there was at least one). */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(ChaosVerdict::passed);
    }

    /** The checks that failed, for a test's message. */
    public String failures() {
        StringBuilder b = new StringBuilder();
        checks.stream().filter(c -> !c.passed()).forEach(c -> b.append(c.check()).append(": ").append(c.detail())
                .append('\n'));
        return b.length() == 0 ? "none" : b.toString() + "figures: " + figures;
    }

    public void print(PrintWriter out, boolean json) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", scenario);
            m.put("verdict", passed() ? "PASS" : "FAIL");
            m.put("checks", checks.stream().map(c -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("check", c.check());
                e.put("verdict", c.passed() ? "PASS" : "FAIL");
                e.put("detail", c.detail());
                return e;
            }).toList());
            m.put("figures", figures);
            out.println(Json.write(m));
        } else {
            out.printf(Locale.ROOT, "Chaos scenario %s%n", scenario);
            int w = checks.stream().mapToInt(c -> c.check().length()).max().orElse(10);
            out.printf(Locale.ROOT, "  %-" + w + "s  %-7s %s%n", "check", "verdict", "figures");
            for (ChaosVerdict c : checks) {
                out.printf(Locale.ROOT, "  %-" + w + "s  %-7s %s%n", c.check(), c.passed() ? "PASS" : "FAIL",
                        c.detail());
            }
            figures.forEach((k, v) -> out.printf(Locale.ROOT, "  · %s: %s%n", k, v));
            out.printf(Locale.ROOT, "%s: %s%n", scenario, passed() ? "PASS" : "FAIL");
        }
        out.flush();
    }
}
