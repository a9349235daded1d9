package org.zaploop.load.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.zaploop.load.measure.GcFigures;
import org.zaploop.load.measure.LagSample;
import org.zaploop.load.measure.LatencyPoint;

/**
 * Writes a run's report into its own directory: {@code report.md} (figures and verdict), {@code latency.png}
 * (p99 latency of each stream per second), {@code lag.png} (each consumer group's lag per second) and
 * {@code result.json} (the figures, as {@code --json} prints them).
 */
public final class ReportWriter {

    public static final String REPORT = "report.md";
    public static final String LATENCY_PNG = "latency.png";
    public static final String LAG_PNG = "lag.png";
    public static final String RESULT_JSON = "result.json";

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ReportWriter() {
    }

    /** The result as one line of JSON. */
    public static String json(LoadResult r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the result could not be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes the four files into {@code dir} (created if missing); returns the report's path. */
    public static Path write(Path dir, LoadResult r, Timelines t) {
        try {
            Files.createDirectories(dir);
            List<Chart.Series> lat = new ArrayList<>();
            t.latency().forEach((name, points) -> {
                List<LatencyPoint> p = points.stream().filter(x -> x.count() > 0).toList();
                lat.add(new Chart.Series(name + " p99", p.stream().mapToDouble(LatencyPoint::tSeconds).toArray(),
                        p.stream().mapToDouble(LatencyPoint::p99Ms).toArray()));
            });
            Chart.write(dir.resolve(LATENCY_PNG), r.scenario() + ": end-to-end latency, p99 of each second",
                    "seconds since the measurement began", "latency (ms, log scale)", lat, t.markers(), true);
            List<Chart.Series> lag = new ArrayList<>();
            t.lag().forEach((group, samples) -> lag.add(new Chart.Series(group,
                    samples.stream().mapToDouble(LagSample::tSeconds).toArray(),
                    samples.stream().mapToDouble(LagSample::lag).toArray())));
            Chart.write(dir.resolve(LAG_PNG), r.scenario() + ": consumer lag (records behind the last stable offset)",
                    "seconds since the measurement began", "lag (records)", lag, t.markers(), false);
            Files.writeString(dir.resolve(RESULT_JSON), json(r) + "\n");
            Path md = dir.resolve(REPORT);
            Files.writeString(md, markdown(r));
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    static String markdown(LoadResult r) {
        StringBuilder b = new StringBuilder();
        b.append("# Load test: ").append(r.scenario()).append("\n\n");
        b.append(String.format(Locale.ROOT, "Started %s; %.0f s measured. **Lag %s.**", r.startedAt(), r.seconds(),
                r.bounded() ? "bounded" : "NOT bounded"));
        if (r.highestSustainableRate() != null) {
            b.append(String.format(Locale.ROOT, " **Highest sustainable rate: %s × real time.**",
                    fmt(r.highestSustainableRate())));
        }
        b.append("\n\n## Settings\n\n| setting | value |\n|---|---|\n");
        r.settings().forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n## Throughput\n\n| flow | records | records/s | MB/s |\n|---|---:|---:|---:|\n");
        for (FlowFigures f : r.flows()) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", f.flow(), f.records(),
                    fmt(f.recordsPerSecond()), fmt(f.mbPerSecond())));
        }
        b.append("\n## End-to-end latency (HdrHistogram, ms)\n\n")
                .append("| stream | count | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (LatencyFigures l : r.latencies()) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", l.stream(), l.count(),
                    fmt(l.p50Ms()), fmt(l.p90Ms()), fmt(l.p99Ms()), fmt(l.p999Ms()), fmt(l.maxMs())));
        }
        b.append("\n![latency over time](").append(LATENCY_PNG).append(")\n");
        b.append("\n## Consumer lag\n\nSampled once a second with the Admin API (committed offsets against the last "
                + "stable offsets). Bounded: the lag's floor (smallest sample) rises from the window's third to its "
                + "fourth quarter by less than the limit's fraction of the input arriving in between, and the last "
                + "quarter's floor is less than the limit's seconds of input.\n\n")
                .append("| group | samples | max | last | input/s | floor growth | behind (s) | bounded |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (GroupLag g : r.lags()) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %.1f%% | %s | %s |%n", g.group(),
                    g.samples(), g.maxLag(), g.lastLag(), fmt(g.verdict().inputPerSecond()),
                    100 * g.verdict().growth(), fmt(g.verdict().lagSeconds()),
                    g.verdict().bounded() ? "yes" : "**no**: " + g.verdict().reason()));
        }
        b.append("\n![lag over time](").append(LAG_PNG).append(")\n");
        if (!r.ramp().isEmpty()) {
            b.append("\n## Ramp\n\n| rate (× real time) | from (s) | to (s) | bounded | p99 (ms) | verdict |\n")
                    .append("|---:|---:|---:|---|---:|---|\n");
            for (RampStep s : r.ramp()) {
                b.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s | %s | %s |%n", fmt(s.rate()), s.fromS(),
                        s.toS(), s.bounded() ? "yes" : "**no**", fmt(s.latencyP99Ms()), s.verdict()));
            }
        }
        b.append("\n## GC pauses (GarbageCollectorMXBean notifications)\n\n")
                .append("| collector | collections | total pause (ms) | p99 (ms) | max (ms) |\n|---|---:|---:|---:|---:|\n");
        for (GcFigures g : r.gc()) {
            if (g.concurrent()) {
                b.append(String.format(Locale.ROOT, "| %s | %d | concurrent | | |%n", g.collector(), g.count()));
            } else {
                b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", g.collector(), g.count(),
                        g.totalMs(), g.p99Ms(), g.maxMs()));
            }
        }
        if (r.gc().isEmpty()) {
            b.append("| (no collection during the measurement) | 0 | 0 | 0 | 0 |\n");
        }
        if (!r.notes().isEmpty()) {
            b.append("\n## Notes\n\n");
            r.notes().forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** For the settings table: the run's figures as a one-level map. */
    public static Map<String, Object> settings(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(String.valueOf(kv[i]), kv[i + 1]);
        }
        return m;
    }
}
