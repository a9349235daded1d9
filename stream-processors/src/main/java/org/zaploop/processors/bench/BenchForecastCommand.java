package org.zaploop.processors.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.zaploop.processors.forecast.ArchiveForecasterProvider;
import org.zaploop.processors.forecast.ArchiveTraceSource;
import org.zaploop.processors.forecast.Forecaster;
import org.zaploop.processors.forecast.ForecasterFactory;
import org.zaploop.processors.forecast.LinearForecaster;
import org.zaploop.processors.forecast.PopulationForecaster;
import org.zaploop.processors.forecast.ProtocolEvaluator;
import org.zaploop.processors.forecast.ProtocolResult;
import org.zaploop.processors.forecast.ZapbenchProtocol;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/**
 * {@code zaploop bench forecast ARCHIVE --context 4|256}: offline scoring of forecasters under ZAPBench's exact
 * protocol ({@link ZapbenchProtocol}) on an archive's traces (ZAPBench layout or a ZapLoop archive), through
 * the same forecaster code the topology runs. Conditions: ZAPBench's table for a 7,879-frame recording;
 * otherwise, with {@code --conditions auto} (default), from the archive's rig events when they give a condition
 * for at least two conditions (each event's condition holds from its frame — or, without one, from the frame of
 * its acquisition time — to the next event), else from the stimuli the events name when those give at least two
 * ({@link #STIMULUS_CONDITION}; the virtual fish's export names stimuli only), else ZAPBench's
 * boundaries scaled to the recording's length. Prints MAE per condition × steps ahead and the mean over the
 * trained-on conditions; {@code --json} prints one JSON object instead; {@code --plot} writes a PNG.
 * Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Score forecasters under the ZAPBench protocol on an archive's traces.")
public final class BenchForecastCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "session archive or ZAPBench layout directory")
    Path archive;

    @Option(names = "--context", defaultValue = "4", description = "context frames C (ZAPBench: 4 or 256)")
    int context;

    @Option(names = "--forecasters", split = ",", defaultValue = "mean,last,linear",
            description = "comma-separated: mean, last, condmean, linear, population, onnx:PATH, twin, "
                    + "twin:MODEL (the digital twin; needs a ZapLoop archive with a neuron table)")
    List<String> forecasters;

    @Option(names = "--split", defaultValue = "TEST", description = "TEST or VAL")
    ZapbenchProtocol.Split split;

    @Option(names = "--conditions", defaultValue = "auto",
            description = "auto, zapbench, proportional, events (the events' conditions, else their stimuli)")
    String conditions;

    @Option(names = "--neurons", defaultValue = "0", description = "score only the first N neurons (0 = all)")
    int neurons;

    @Option(names = "--block", defaultValue = "512", description = "neurons per block")
    int block;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--plot", paramLabel = "PNG", description = "write MAE against steps ahead as a PNG")
    Path plot;

    /** The forecasters named: the factory's, and those a provider builds from the whole archive (the twin). */
    private List<Forecaster> create(List<String> specs) throws IOException {
        List<ArchiveForecasterProvider> providers = new ArrayList<>();
        java.util.ServiceLoader.load(ArchiveForecasterProvider.class).forEach(providers::add);
        List<Forecaster> out = new ArrayList<>();
        for (String spec : specs) {
            ArchiveForecasterProvider p = providers.stream().filter(x -> x.builds(spec.trim())).findFirst()
                    .orElse(null);
            out.add(p != null ? p.create(spec.trim(), archive, context, ZapbenchProtocol.HORIZON)
                    : ForecasterFactory.create(spec, context, ZapbenchProtocol.HORIZON));
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (context < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--context must be >= 1");
        }
        try (SessionArchive a = SessionArchive.open(archive)) {
            ArchiveTraceSource src = new ArchiveTraceSource(a, neurons);
            ProtocolChoice pc = protocol(a, src.frames());
            List<Forecaster> fs = create(forecasters);
            long t0 = System.nanoTime();
            ProtocolEvaluator evaluator = new ProtocolEvaluator(pc.protocol, src, block);
            List<ProtocolResult> results = evaluator.run(fs, split);
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (Forecaster f : fs) {
                if (f instanceof AutoCloseable c) {
                    c.close();
                }
            }
            if (json) {
                out.println(toJson(src, pc, results, evaluator.tuning(), seconds));
            } else {
                printTable(out, src, pc, results, seconds);
                for (Forecaster f : fs) {
                    String how = evaluator.tuning().get(f.name());
                    if (how != null) {
                        out.printf(Locale.ROOT, "%s: %s%n", f.name(), how);
                    }
                    boolean unfitted = f instanceof LinearForecaster l ? !l.fitted()
                            : f instanceof PopulationForecaster p && !p.fitted();
                    if (unfitted) {
                        out.printf(Locale.ROOT, "note: %s was not fitted — no training window of C + H = %d frames "
                                + "lies inside one condition's train part — so it forecast the context mean%n",
                                f.name(), context + ZapbenchProtocol.HORIZON);
                    }
                }
            }
            if (plot != null) {
                List<MaePlot.Line> lines = new ArrayList<>();
                for (ProtocolResult r : results) {
                    lines.add(new MaePlot.Line(r.forecaster(), r.meanOverConditions()));
                }
                MaePlot.write(plot, String.format(Locale.ROOT, "MAE vs steps ahead, C=%d, %s split, mean over "
                        + "conditions (%s)", context, split.name().toLowerCase(Locale.ROOT), pc.source), lines);
            }
        }
        out.flush();
        return 0;
    }

    private record ProtocolChoice(ZapbenchProtocol protocol, String source) {
    }

    private ProtocolChoice protocol(SessionArchive a, int frames) throws IOException {
        String mode = conditions.toLowerCase(Locale.ROOT);
        if (mode.equals("zapbench") || (mode.equals("auto") && frames == ZapbenchProtocol.ZAPBENCH_FRAMES)) {
            return new ProtocolChoice(ZapbenchProtocol.standard(context), "zapbench");
        }
        if (mode.equals("events") || mode.equals("auto")) {
            int[] per = conditionsFromEvents(a, frames, false);
            if (distinct(per) >= 2) {
                return new ProtocolChoice(ZapbenchProtocol.fromConditionPerFrame(per, context), "events");
            }
            per = conditionsFromEvents(a, frames, true);
            if (distinct(per) >= 2) {
                return new ProtocolChoice(ZapbenchProtocol.fromConditionPerFrame(per, context), "stimuli");
            }
            if (mode.equals("events")) {
                throw new IllegalArgumentException("the archive's events give fewer than two conditions");
            }
        }
        return new ProtocolChoice(ZapbenchProtocol.proportional(frames, context), "proportional");
    }

    private static long distinct(int[] perFrame) {
        return Arrays.stream(perFrame).filter(k -> k >= 0).distinct().count();
    }

    /**
     * The ZAPBench condition a presented stimulus corresponds to, for rigs (like the virtual fish's export) whose
     * events name the stimulus but carry no condition: GRATING → gain, DOTS → dots, FLASH → flash, PHOTOTAXIS →
     * taxis (held out), ROTATION → rotation, DARK → dark; anything else (OFF, PHOTOSTIM, SAFE_STATE …) → none
     * (−1: neither trained on nor scored).
     */
    static final Map<String, Integer> STIMULUS_CONDITION = Map.of("GRATING", 0, "DOTS", 1, "FLASH", 2,
            "PHOTOTAXIS", ZapbenchProtocol.TAXIS, "ROTATION", 7, "DARK", 8);

    /**
     * Condition per frame from the archive's rig events: each event's condition holds from its frame to the next;
     * with {@code byStimulus}, from the stimuli presented or acknowledged instead ({@link #STIMULUS_CONDITION}).
     */
    private static int[] conditionsFromEvents(SessionArchive a, int frames, boolean byStimulus) throws IOException {
        TreeMap<Long, Integer> changes = new TreeMap<>();
        if (!a.isZapbench()) {
            double period = a.meta().volumePeriodS();
            long frameZero = Math.max(0, a.meta().frameZeroNs());
            for (RigEvent e : a.rigEvents()) {
                Integer condition = e.condition();
                if (byStimulus) {
                    boolean presents = e.kind() == RigEventKind.STIMULUS || e.kind() == RigEventKind.COMMAND_ACK;
                    condition = presents && e.stimulus() != null
                            ? STIMULUS_CONDITION.getOrDefault(e.stimulus().toUpperCase(Locale.ROOT), -1) : null;
                }
                if (condition == null) {
                    continue;
                }
                // events without a frame are placed by their time (frame zero at the meta's start, or 0)
                long frame = e.frame() != null ? e.frame()
                        : Math.max(0, Math.round((e.acquisitionNs() - frameZero) / 1e9 / period));
                changes.put(frame, condition);
            }
        }
        int[] per = new int[frames];
        Arrays.fill(per, -1);
        for (int f = 0; f < frames; f++) {
            Map.Entry<Long, Integer> e = changes.floorEntry((long) f);
            per[f] = e == null ? -1 : e.getValue();
        }
        return per;
    }

    private static final int[] SHOWN = {1, 2, 4, 8, 16, 32};

    private void printTable(PrintWriter out, ArchiveTraceSource src, ProtocolChoice pc, List<ProtocolResult> rs,
                            double seconds) {
        out.printf(Locale.ROOT, "forecast bench: %s, %d frames × %d neurons, C=%d, H=%d, %s split, conditions: %s, "
                        + "%.1f s%n", archive, src.frames(), src.neurons(), context, ZapbenchProtocol.HORIZON,
                split.name().toLowerCase(Locale.ROOT), pc.source, seconds);
        for (ProtocolResult r : rs) {
            out.printf(Locale.ROOT, "%n%s — MAE per steps ahead%n", r.forecaster());
            out.printf(Locale.ROOT, "%-12s %7s", "condition", "windows");
            for (int s : SHOWN) {
                out.printf(Locale.ROOT, " %8s", "h=" + s);
            }
            out.println();
            for (Map.Entry<Integer, double[]> e : r.maePerCondition().entrySet()) {
                out.printf(Locale.ROOT, "%-12s %7d", ZapbenchProtocol.conditionName(e.getKey())
                                + (e.getKey() == ZapbenchProtocol.TAXIS ? "*" : ""),
                        r.windowsPerCondition().get(e.getKey()));
                boolean none = r.windowsPerCondition().get(e.getKey()) == 0;
                for (int s : SHOWN) {
                    out.printf(Locale.ROOT, none ? " %8s" : " %8.5f", none ? "-" : e.getValue()[s - 1]);
                }
                out.println();
            }
            double[] m = r.meanOverConditions();
            out.printf(Locale.ROOT, "%-12s %7s", "mean", "");
            for (int s : SHOWN) {
                out.printf(Locale.ROOT, m.length == 0 ? " %8s" : " %8.5f", m.length == 0 ? "-" : m[s - 1]);
            }
            out.println();
        }
        out.println("\n* held out (never trained on); the mean is over the other conditions");
    }

    private String toJson(ArchiveTraceSource src, ProtocolChoice pc, List<ProtocolResult> rs, Map<String, String> tuning,
                          double seconds) {
        StringBuilder b = new StringBuilder();
        b.append("{\"bench\":\"forecast\",\"archive\":").append(quote(archive.toString()))
                .append(",\"frames\":").append(src.frames()).append(",\"neurons\":").append(src.neurons())
                .append(",\"context\":").append(context).append(",\"horizon\":").append(ZapbenchProtocol.HORIZON)
                .append(",\"split\":").append(quote(split.name().toLowerCase(Locale.ROOT)))
                .append(",\"conditions\":").append(quote(pc.source))
                .append(",\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds))
                .append(",\"forecasters\":{");
        for (int i = 0; i < rs.size(); i++) {
            ProtocolResult r = rs.get(i);
            b.append(i == 0 ? "" : ",").append(quote(r.forecaster())).append(":{\"perCondition\":{");
            int j = 0;
            for (Map.Entry<Integer, double[]> e : r.maePerCondition().entrySet()) {
                b.append(j++ == 0 ? "" : ",").append(quote(ZapbenchProtocol.conditionName(e.getKey())))
                        .append(":{\"windows\":").append(r.windowsPerCondition().get(e.getKey()))
                        .append(",\"heldOut\":").append(e.getKey() == ZapbenchProtocol.TAXIS)
                        .append(",\"mae\":").append(array(e.getValue())).append('}');
            }
            b.append("},\"meanOverConditions\":").append(array(r.meanOverConditions()));
            String how = tuning.get(r.forecaster());
            if (how != null) {
                b.append(",\"setting\":").append(quote(how)); // how the validation split tuned it
            }
            b.append('}');
        }
        return b.append("}}").toString();
    }

    private static String array(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(Double.isFinite(v[i]) ? String.format(Locale.ROOT, "%.7g", v[i])
                    : "null");
        }
        return b.append(']').toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
