package org.zaploop.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.zaploop.sim.twin.RecordedSession;
import org.zaploop.sim.twin.TwinFit;
import org.zaploop.sim.twin.TwinModeScore;
import org.zaploop.sim.twin.TwinModel;
import org.zaploop.sim.twin.TwinParams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zaploop twin ...}: the digital twin's offline tools. */
@Command(name = "twin", mixinStandardHelpOptions = true,
        description = "The digital twin's offline tools ('zaploop run twin' runs it live).",
        subcommands = {TwinCommand.Fit.class})
public final class TwinCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code zaploop twin fit ARCHIVE --out MODEL}. */
    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = {"Fit the twin's region parameters (excitability current and stimulus-drive gain per region) "
                    + "to a recorded session, so that the twin run open loop on the session's stimuli reproduces the "
                    + "measured region-mean dF/F; report the correlation per region on held-out frames, open loop and "
                    + "in twin mode (nudged by every measured frame, predicting 1 and --ahead frames before it "
                    + "takes the frame).",
                "Exit codes: 0 fitted, 1 the archive cannot be used, 2 usage."})
    public static final class Fit implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ARCHIVE", description = "A session archive with traces and a neuron table "
                + "(e.g. from 'zaploop fish --export').")
        Path archive;

        @Option(names = "--out", required = true, paramLabel = "MODEL",
                description = "Where to write the model (JSON).")
        Path out;

        @Option(names = "--iterations", defaultValue = "6",
                description = "Fitting simulations (default ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--held-out", defaultValue = "0.3",
                description = "Share of frames at the end held out and only scored (default ${DEFAULT-VALUE}).")
        double heldOut;

        @Option(names = "--neurons", defaultValue = "2000",
                description = "Fit a twin of this many of the table's neurons, evenly spread "
                        + "(default ${DEFAULT-VALUE}; 0: all).")
        int neurons;

        @Option(names = "--baseline", defaultValue = "auto", paramLabel = "auto|none|causal",
                description = "How the archive's dF/F was computed: none = against zero calcium (a simulator's ground "
                        + "truth), causal = against a running baseline (the imaging processor); auto: none when the "
                        + "archive holds truth/ (default ${DEFAULT-VALUE}).")
        String baseline;

        @Option(names = "--ahead", defaultValue = "4", paramLabel = "K",
                description = "Twin-mode score: also predict this many frames ahead of the last measured frame "
                        + "(default ${DEFAULT-VALUE}, the MPC's --steps).")
        int ahead;

        @Option(names = "--no-tail",
                description = "Leave the archive's tail recording out: the twin's motor pools then swim on their own "
                        + "instead of being driven by the fish's measured swimming.")
        boolean noTail;

        @Option(names = "--json", description = "Print exactly one JSON object.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter o = spec.commandLine().getOut();
            if (iterations < 1 || !(heldOut > 0 && heldOut <= 0.9) || neurons < 0 || ahead < 1
                    || !java.util.Set.of("auto", "none", "causal").contains(baseline)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "need --iterations >= 1, "
                        + "0 < --held-out <= 0.9, --neurons >= 0, --ahead >= 1, --baseline auto|none|causal");
            }
            RecordedSession full;
            try {
                full = RecordedSession.read(archive);
            } catch (IOException | RuntimeException e) {
                err.println("Cannot fit to " + archive + ": " + e.getMessage());
                return 1;
            }
            if (noTail) {
                full = full.withoutTail();
            }
            RecordedSession session = neurons == 0 ? full : full.sample(neurons);
            boolean truth = baseline.equals("none")
                    || baseline.equals("auto") && Files.isDirectory(archive.resolve("truth"));
            TwinParams params = TwinParams.defaults(session.meta().volumePeriodS());
            if (truth) {
                params = params.againstTruth();
            }
            TwinFit fit;
            TwinModeScore twinMode;
            try {
                fit = new TwinFit(session, params, iterations, heldOut, 200);
                twinMode = new TwinModeScore(session, params, fit.fitFrames(), ahead);
            } catch (IllegalArgumentException e) {
                err.println("Cannot fit to " + archive + ": " + e.getMessage());
                return 1;
            }
            if (!json) {
                o.printf("Fitting a %d-neuron twin to %s (%d frames, last %.0f %% held out, dF/F %s, %s)%n",
                        session.map().measured(), archive, session.frames(), heldOut * 100,
                        truth ? "against zero calcium" : "against a running baseline",
                        session.tail() != null ? "motor pools driven by the tail recording"
                                : noTail ? "tail recording left out" : "no tail recording");
                o.flush();
            }
            // the fit's simulations, then one twin-mode run each for the fitted and the unfitted model
            Progress bar = new Progress(err, "simulations", iterations + 4);
            TwinFit.Result r = fit.run(bar::update);
            TwinModeScore.Result tm = twinMode.score(r.model());
            bar.update(iterations + 3);
            TwinModeScore.Result tm0 = twinMode.score(TwinModel.neutral(r.model().regions()));
            bar.done();
            ObjectMapper m = new ObjectMapper();
            ObjectNode report = m.createObjectNode();
            report.put("archive", archive.toString());
            report.put("neurons", session.map().measured());
            report.put("fitFrames", r.fitFrames());
            report.put("heldOutFrames", r.heldOutFrames());
            report.put("tail", session.tail() != null);
            ObjectNode regions = report.putObject("heldOutCorrelation");
            ObjectNode before = report.putObject("heldOutCorrelationUnfitted");
            ObjectNode rms = report.putObject("heldOutRms");
            ObjectNode rms0 = report.putObject("heldOutRmsUnfitted");
            report.put("twinModeAhead", ahead);
            for (int i = 0; i < r.correlation().length; i++) {
                String name = r.model().regions().get(i);
                regions.put(name, round(r.correlation()[i]));
                before.put(name, round(r.before()[i]));
                rms.put(name, round(r.rmsHeldOut()[i]));
                rms0.put(name, round(r.rmsBefore()[i]));
            }
            put(report, "TwinMode1", tm.oneAhead(), r.model());
            put(report, "TwinMode1Unfitted", tm0.oneAhead(), r.model());
            put(report, "TwinModeK", tm.kAhead(), r.model());
            put(report, "TwinModeKUnfitted", tm0.kAhead(), r.model());
            put(report, "LastFrame1", tm.lastFrame1(), r.model());
            put(report, "LastFrameK", tm.lastFrameK(), r.model());
            r.model().write(out, report);
            if (json) {
                report.put("model", out.toString());
                o.println(m.writeValueAsString(report));
            } else {
                o.printf("%-16s %8s %10s %10s %9s %9s  %s%n", "region", "biasPa", "r held-out", "r unfitted", "RMS",
                        "RMS unfit", "drive gain per stimulus");
                for (int i = 0; i < r.correlation().length; i++) {
                    StringBuilder gains = new StringBuilder();
                    for (int k = 0; k < r.model().stimuli().size(); k++) {
                        gains.append(String.format(Locale.ROOT, " %s=%.2f", r.model().stimuli().get(k),
                                r.model().inputGain()[i][k]));
                    }
                    if (session.tail() != null && r.model().regions().get(i).startsWith("motor_")) {
                        gains.append(String.format(Locale.ROOT, " tail=%.2f", r.model().tailGain(i)));
                    }
                    o.printf(Locale.ROOT, "%-16s %8.1f %10.3f %10.3f %9.4f %9.4f %s%n", r.model().regions().get(i),
                            r.model().biasPa()[i], r.correlation()[i], r.before()[i], r.rmsHeldOut()[i],
                            r.rmsBefore()[i], gains);
                }
                o.printf("%nTwin mode: the twin nudged by every measured frame up to the one before predicts the "
                        + "held-out region mean 1 and %d frames ahead;%nfitted, unfitted ('unf') and, for reference, "
                        + "the last measured frame taken as the prediction ('last'):%n", ahead);
                String k = Integer.toString(ahead);
                o.printf("%-16s", "region");
                for (String h : new String[] {"1", k}) {
                    o.printf(" %8s %8s %8s %8s %8s %8s", "r" + h, "r" + h + " unf", "r" + h + " last", "rms" + h,
                            "rms" + h + " unf", "rms" + h + " last");
                }
                o.println();
                for (int i = 0; i < r.correlation().length; i++) {
                    o.printf("%-16s", r.model().regions().get(i));
                    for (TwinModeScore.Scores[] h : new TwinModeScore.Scores[][] {
                        {tm.oneAhead(), tm0.oneAhead(), tm.lastFrame1()}, {tm.kAhead(), tm0.kAhead(), tm.lastFrameK()}}) {
                        o.printf(Locale.ROOT, " %8.3f %8.3f %8.3f %8.4f %8.4f %8.4f", h[0].correlation()[i],
                                h[1].correlation()[i], h[2].correlation()[i], h[0].rms()[i], h[1].rms()[i],
                                h[2].rms()[i]);
                    }
                    o.println();
                }
                o.printf("Correlation is NaN where the measured region mean hardly moves (SD < %.3f dF/F).%n"
                        + "Model written to %s%n", TwinFit.FLAT_SD, out);
            }
            o.flush();
            return 0;
        }

        /** heldOutCorr{suffix} and heldOutRms{suffix}: {region: value}. */
        private static void put(ObjectNode report, String suffix, TwinModeScore.Scores s, TwinModel model) {
            ObjectNode c = report.putObject("heldOutCorr" + suffix);
            ObjectNode e = report.putObject("heldOutRms" + suffix);
            for (int i = 0; i < s.correlation().length; i++) {
                c.put(model.regions().get(i), round(s.correlation()[i]));
                e.put(model.regions().get(i), round(s.rms()[i]));
            }
        }

        private static double round(double v) {
            return Double.isNaN(v) ? v : Math.round(v * 10000) / 10000.0;
        }
    }
}
