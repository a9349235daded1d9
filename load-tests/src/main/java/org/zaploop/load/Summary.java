package org.zaploop.load;

import java.io.PrintWriter;
import java.util.Locale;

import org.zaploop.load.measure.GcFigures;
import org.zaploop.load.report.FlowFigures;
import org.zaploop.load.report.GroupLag;
import org.zaploop.load.report.LatencyFigures;
import org.zaploop.load.report.LoadResult;
import org.zaploop.load.report.RampStep;

/** The terminal's summary of a load run (the report has the same figures, and the charts). */
final class Summary {

    private Summary() {
    }

    static void print(PrintWriter out, LoadResult r) {
        out.printf(Locale.ROOT, "Load test '%s': %.0f s measured; lag %s%s%n", r.scenario(), r.seconds(),
                r.bounded() ? "bounded" : "NOT bounded", r.highestSustainableRate() == null ? ""
                        : String.format(Locale.ROOT, "; highest sustainable rate %s × real time",
                        r.highestSustainableRate()));
        for (FlowFigures f : r.flows()) {
            out.printf(Locale.ROOT, "  %-52s %10.1f records/s %8.2f MB/s%n", f.flow(), f.recordsPerSecond(),
                    f.mbPerSecond());
        }
        out.printf(Locale.ROOT, "  %-52s %8s %8s %8s %8s%n", "latency (ms)", "p50", "p99", "p99.9", "max");
        for (LatencyFigures l : r.latencies()) {
            out.printf(Locale.ROOT, "  %-52s %8.1f %8.1f %8.1f %8.1f%n", l.stream(), l.p50Ms(), l.p99Ms(), l.p999Ms(),
                    l.maxMs());
        }
        for (GroupLag g : r.lags()) {
            out.printf(Locale.ROOT, "  lag %-40s max %d, last %d: %s%n", g.group(), g.maxLag(), g.lastLag(),
                    g.verdict().reason());
        }
        for (RampStep s : r.ramp()) {
            out.printf(Locale.ROOT, "  ramp %6s × real time: %s, p99 %.0f ms (%s)%n", s.rate(),
                    s.bounded() ? "bounded" : "NOT bounded", s.latencyP99Ms(), s.verdict());
        }
        for (GcFigures g : r.gc()) {
            out.printf(Locale.ROOT, "  GC %s: %d%s%n", g.collector(), g.count(), g.concurrent() ? " cycles (concurrent)"
                    : String.format(Locale.ROOT, " pauses, %d ms in all, max %d ms", g.totalMs(), g.maxMs()));
        }
        r.notes().forEach(n -> out.println("  note: " + n));
    }
}
