package org.zaploop.load;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import org.zaploop.load.measure.Boundedness;
import org.zaploop.load.measure.GcMonitor;
import org.zaploop.load.measure.LagSample;
import org.zaploop.load.measure.LagSampler;
import org.zaploop.load.measure.LagVerdict;
import org.zaploop.load.measure.LatencyPoint;
import org.zaploop.load.measure.LatencyRecorder;
import org.zaploop.load.report.Chart;
import org.zaploop.load.report.FlowFigures;
import org.zaploop.load.report.GroupLag;
import org.zaploop.load.report.LatencyFigures;
import org.zaploop.load.report.LoadResult;
import org.zaploop.load.report.RampStep;
import org.zaploop.load.report.Timelines;

/**
 * Runs a started scenario and measures it once a second: each latency stream's interval percentiles, each
 * consumer group's lag, and (over the whole measurement) throughput and GC pauses. A steady run holds one rate;
 * a ramp raises it step by step and stops after the first step whose lag is not bounded ({@link Boundedness}).
 */
public final class LoadRun {

    /** A run's figures and the series its charts are drawn from. */
    public record Outcome(LoadResult result, Timelines timelines) {
    }

    private final LoadScenario scenario;
    private final String bootstrap;
    private final Boundedness rule;
    private final PrintWriter progress;
    private final Map<String, Object> extraSettings;

    /**
     * @param progress      where a line of progress goes every ten seconds (the experimenter's terminal)
     * @param extraSettings more rows for the report's settings table (how the run was started)
     */
    public LoadRun(LoadScenario scenario, String bootstrap, Boundedness rule, PrintWriter progress,
                   Map<String, Object> extraSettings) {
        this.scenario = scenario;
        this.bootstrap = bootstrap;
        this.rule = rule;
        this.progress = progress;
        this.extraSettings = extraSettings;
    }

    /** Starts the scenario, warms up, measures {@code length} at its rate, stops it. */
    public Outcome steady(Duration warmup, Duration length) throws Exception {
        return run(warmup, List.of(), length);
    }

    /**
     * Starts the scenario, warms up at the first rate, then holds each rate for {@code step}; stops after the first
     * step that is not bounded.
     */
    public Outcome ramp(Duration warmup, List<Double> rates, Duration step) throws Exception {
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("a ramp needs at least one rate");
        }
        if (!scenario.rampable()) {
            throw new IllegalArgumentException("the " + scenario.name() + " scenario keeps real time: it cannot ramp");
        }
        return run(warmup, rates, step);
    }

    private Outcome run(Duration warmup, List<Double> rates, Duration length) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        LoadProbe probe = new LoadProbe();
        LoadScenario sc = scenario;
        try (sc; LagSampler lag = new LagSampler(bootstrap, scenario.consumerGroups());
             GcMonitor gc = new GcMonitor()) {
            if (!rates.isEmpty()) {
                scenario.rate(rates.get(0));
            }
            progress.printf("Starting the %s scenario…%n", scenario.name());
            progress.flush();
            scenario.start(bootstrap, probe);
            progress.printf("Running; warming up for %d s…%n", warmup.toSeconds());
            progress.flush();
            tick(probe, lag, 0, warmup.toSeconds(), System.nanoTime(), null);
            probe.reset();
            lag.reset();
            gc.reset();
            Instant startedAt = Instant.now();
            long t0 = System.nanoTime();
            List<RampStep> steps = new ArrayList<>();
            Double highest = null;
            double seconds;
            if (rates.isEmpty()) {
                progress.printf("Measuring for %d s…%n", length.toSeconds());
                progress.flush();
                tick(probe, lag, 0, length.toSeconds(), t0, null);
                seconds = (System.nanoTime() - t0) / 1e9;
            } else {
                highest = 0.0;
                long at = 0;
                for (double r : rates) {
                    scenario.rate(r);
                    progress.printf(Locale.ROOT, "Ramp step: %s × real time for %d s…%n", r, length.toSeconds());
                    progress.flush();
                    long from = at;
                    at += length.toSeconds();
                    tick(probe, lag, from, at, t0, r);
                    RampStep s = judgeStep(r, from, at, lag.series(), probe);
                    steps.add(s);
                    progress.printf(Locale.ROOT, "  %s × real time: lag %s (%s)%n", r,
                            s.bounded() ? "bounded" : "NOT bounded", s.verdict());
                    progress.flush();
                    if (!s.bounded()) {
                        break;
                    }
                    highest = r;
                }
                seconds = (System.nanoTime() - t0) / 1e9;
            }
            Map<String, List<LagSample>> series = lag.series();
            List<GroupLag> lags = new ArrayList<>();
            double judgedFrom = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).fromS();
            series.forEach((group, s) -> {
                LagVerdict v = rule.judge(Boundedness.between(s, judgedFrom, Double.MAX_VALUE));
                lags.add(new GroupLag(group, s.size(), s.stream().mapToLong(LagSample::lag).max().orElse(0),
                        s.isEmpty() ? 0 : s.get(s.size() - 1).lag(), v));
            });
            boolean bounded = steps.isEmpty() ? lags.stream().allMatch(g -> g.verdict().bounded()) : highest > 0;
            List<FlowFigures> flows = probe.flows().stream().map(f -> new FlowFigures(f.name(), f.records(),
                    round(f.records() / seconds), round(f.bytes() / 1e6 / seconds))).toList();
            List<LatencyFigures> latencies = probe.latencies().stream()
                    .map(l -> LatencyFigures.of(l.name(), l.total())).toList();
            Map<String, Object> settings = new LinkedHashMap<>(extraSettings);
            settings.putAll(scenario.settings());
            settings.put("lag rule", String.format(Locale.ROOT, "lag floor rises from the window's 3rd to 4th "
                    + "quarter by < %.0f%% of the input, last quarter's floor < %s s of input",
                    100 * rule.maxGrowth(), rule.maxLagSeconds()));
            settings.put("machine", Runtime.getRuntime().availableProcessors() + " cores, load average "
                    + String.format(Locale.ROOT, "%.1f before, %.1f after", loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            settings.put("JVM", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-XX") || a.startsWith("-Xm")).toList()));
            List<String> notes = new ArrayList<>(scenario.notes());
            if (lag.failures() > 0) {
                notes.add(lag.failures() + " lag samples could not be taken (the broker did not answer in 2 s)");
            }
            LoadResult result = new LoadResult(scenario.name(), startedAt.toString(), settings, round(seconds),
                    bounded, flows, latencies, lags, gc.figures(), steps, highest, notes);
            Map<String, List<LatencyPoint>> latencyLines = new LinkedHashMap<>();
            probe.latencies().forEach(l -> latencyLines.put(l.name(), l.timeline()));
            List<Chart.Marker> markers = steps.stream()
                    .map(s -> new Chart.Marker(s.fromS(), fmtRate(s.rate()) + "×")).toList();
            return new Outcome(result, new Timelines(latencyLines, series, markers));
        }
    }

    private RampStep judgeStep(double rate, long from, long to, Map<String, List<LagSample>> series,
                               LoadProbe probe) {
        boolean bounded = true;
        LagVerdict worst = null;
        String worstGroup = null;
        for (var e : series.entrySet()) {
            LagVerdict v = rule.judge(Boundedness.between(e.getValue(), from, to));
            if (worst == null || (!v.bounded() && worst.bounded()) || (v.bounded() == worst.bounded()
                    && v.growth() > worst.growth())) {
                worst = v;
                worstGroup = e.getKey();
            }
            bounded &= v.bounded();
        }
        Histogram main = null;
        for (LatencyRecorder l : probe.latencies()) {
            Histogram h = l.takeWindow();
            if (l.name().equals(scenario.mainStream())) {
                main = h;
            }
        }
        double p99 = main == null || main.getTotalCount() == 0 ? 0
                : Math.round(main.getValueAtPercentile(99) / 1e4) / 100.0;
        String verdict = worst == null ? "no consumer group to judge" : worstGroup + ": " + worst.reason();
        return new RampStep(rate, from, to, bounded && worst != null, verdict, p99);
    }

    /**
     * Samples once a second from second {@code from} to {@code to} after {@code t0} (the run's own clock: a timed
     * wait, not synchronisation); a progress line every ten seconds.
     */
    private void tick(LoadProbe probe, LagSampler lag, long from, long to, long t0, Double rate) {
        for (long s = from + 1; s <= to; s++) {
            long due = t0 + s * 1_000_000_000L;
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
            double t = (System.nanoTime() - t0) / 1e9;
            for (LatencyRecorder l : probe.latencies()) {
                l.sample(t);
            }
            lag.sample(t);
            if (s % 10 == 0) {
                progress.println(progressLine(s, probe, lag, rate));
                progress.flush();
            }
        }
    }

    private String progressLine(long s, LoadProbe probe, LagSampler lag, Double rate) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %4d s", s));
        if (rate != null) {
            b.append(String.format(Locale.ROOT, " at %s×", fmtRate(rate)));
        }
        LatencyRecorder main = probe.latencies().stream().filter(l -> l.name().equals(scenario.mainStream()))
                .findFirst().orElse(null);
        if (main != null && !main.timeline().isEmpty()) {
            LatencyPoint p = main.timeline().get(main.timeline().size() - 1);
            b.append(String.format(Locale.ROOT, "  %s p99 %.0f ms", scenario.mainStream(), p.p99Ms()));
        }
        lag.series().forEach((g, samples) -> {
            if (!samples.isEmpty()) {
                b.append("  ").append(g).append(" lag ").append(samples.get(samples.size() - 1).lag());
            }
        });
        return b.toString();
    }

    private static String fmtRate(double r) {
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
