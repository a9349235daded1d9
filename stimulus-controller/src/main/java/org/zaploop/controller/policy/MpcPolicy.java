package org.zaploop.controller.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.zaploop.controller.safety.InputKind;
import org.zaploop.protocol.CandidateForecaster;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.InputRef;

/**
 * Model-predictive stimulus selection: the digital twin simulates every candidate stimulus on copies of its current
 * state and publishes the predicted ΔF/F on {@code zl.forecasts} under the candidate's name
 * ({@link CandidateForecaster}, e.g. {@code mpc.PHOTOSTIM.intensity.0.5}); this policy gathers, per frame and
 * candidate, the predicted mean of a target population over the first {@code steps} frames ahead and presents the
 * candidate whose prediction best meets the objective. The decision for a frame is taken as soon as
 * {@code candidates} predictions are complete, or, at the latest, when the first prediction of a newer frame arrives
 * (the decision's time budget is one frame: a newer state makes the older predictions stale), among those complete
 * by then. Every proposal carries the forecast blocks it rests on and, in its note, each candidate's predicted mean
 * and cost, so the audit trail shows the predictions behind the choice. Other forecasters are ignored.
 *
 * <p>Params: {@code neurons} (target ids; required), {@code objective} ({@code setpoint}: least mean squared
 * distance of the predicted mean from {@code target}; {@code maximize}: largest predicted mean; default setpoint),
 * {@code target} (ΔF/F, default 0.2), {@code steps} (frames ahead that count, default 8), {@code candidates}
 * (predictions expected per frame, default 3), {@code frameS} (default 0.9141). Reads and writes no topic.
 */
public final class MpcPolicy implements Policy {

    public static final String NAME = "mpc";

    private final NeuronSet neurons;
    private final boolean maximize;
    private final double target;
    private final int steps;
    private final int expected;
    private final double frameS;
    private final Map<String, Object> params;
    private long frame = -1;
    /** Predictions of the current frame, by forecaster name (sorted: ties go to the first name). */
    private final Map<String, Prediction> predictions = new TreeMap<>();
    private boolean decided;

    /** One candidate's predicted population sums per step, gathered over blocks. */
    private static final class Prediction {
        final CandidateForecaster candidate;
        final double[] sum;
        int seen;
        final java.util.Set<Integer> blocks = new java.util.HashSet<>();
        final List<InputRef> refs = new ArrayList<>();
        long acquisitionNs;

        Prediction(CandidateForecaster c, int steps) {
            candidate = c;
            sum = new double[steps];
        }
    }

    public MpcPolicy(PolicyParams p) {
        this.neurons = new NeuronSet(p.ints("neurons", ""));
        String objective = p.str("objective", "setpoint");
        this.target = p.dbl("target", 0.2);
        this.steps = (int) p.lng("steps", 8);
        this.expected = (int) p.lng("candidates", 3);
        this.frameS = p.dbl("frameS", 0.9141);
        p.requireAllUsed(NAME);
        PolicyParams.require(objective.equals("setpoint") || objective.equals("maximize"),
                "mpc: objective must be setpoint or maximize, got '" + objective + "'");
        PolicyParams.require(steps >= 1 && steps <= 1024, "mpc: steps must be in 1..1024");
        PolicyParams.require(expected >= 1 && expected <= 64, "mpc: candidates must be in 1..64");
        PolicyParams.require(frameS > 0, "mpc: frameS must be > 0");
        this.maximize = objective.equals("maximize");
        this.params = p.effective();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Set<InputKind> needs() {
        return Set.of(InputKind.FORECASTS);
    }

    @Override
    public long inputPeriodMs() {
        return Math.round(frameS * 1000);
    }

    @Override
    public Proposal decide(PolicyInput input) {
        if (!(input instanceof PolicyInput.ForecastInput in)) {
            return null;
        }
        ForecastBlock f = in.forecast();
        CandidateForecaster c;
        try {
            c = CandidateForecaster.parse(f.forecaster()).orElse(null);
        } catch (IllegalArgumentException e) {
            return null; // a forecaster with the prefix but no candidate in its name: not ours to use
        }
        int n = neurons.countIn(f.firstNeuron(), f.neuronCount());
        if (c == null || n == 0 || f.frame() < frame || f.horizon() < steps) {
            return null;
        }
        Proposal late = null;
        if (f.frame() > frame) {
            late = decided ? null : choose("budget over: frame " + f.frame() + " began");
            frame = f.frame();
            predictions.clear();
            decided = false;
        }
        if (decided) {
            return late;
        }
        Prediction p = predictions.computeIfAbsent(f.forecaster(), k -> new Prediction(c, steps));
        if (!p.blocks.add(f.block())) {
            return late; // a duplicate delivery
        }
        for (int s = 0; s < steps; s++) {
            p.sum[s] += neurons.sumIn(f.firstNeuron(), f.neuronCount(), f.values(), s * f.neuronCount());
        }
        p.seen += n;
        p.refs.add(in.ref());
        p.acquisitionNs = Math.max(p.acquisitionNs, f.acquisitionNs());
        if (late != null) {
            return late;
        }
        long complete = predictions.values().stream().filter(x -> x.seen == neurons.size()).count();
        return complete >= expected ? choose("all " + expected + " candidates predicted") : null;
    }

    /** The best complete candidate of the current frame, or null if none is complete. */
    private Proposal choose(String why) {
        Prediction best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        StringBuilder note = new StringBuilder(String.format(Locale.ROOT, "frame %d, %s; predicted mean over %d "
                + "frames (cost):", frame, why, steps));
        List<InputRef> refs = new ArrayList<>();
        long acq = 0;
        for (Map.Entry<String, Prediction> e : predictions.entrySet()) {
            Prediction p = e.getValue();
            if (p.seen != neurons.size()) {
                continue;
            }
            double cost = 0;
            double mean = 0;
            for (int s = 0; s < steps; s++) {
                double m = p.sum[s] / neurons.size();
                mean += m / steps;
                cost += maximize ? -m / steps : (m - target) * (m - target) / steps;
            }
            note.append(String.format(Locale.ROOT, " %s %.4f (%.5f);", e.getKey().substring(CandidateForecaster.PREFIX
                    .length()), mean, cost));
            refs.addAll(p.refs);
            acq = Math.max(acq, p.acquisitionNs);
            if (cost < bestCost) {
                bestCost = cost;
                best = p;
            }
        }
        decided = true;
        if (best == null) {
            return null;
        }
        note.append(" chose ").append(best.candidate.forecaster().substring(CandidateForecaster.PREFIX.length()));
        String text = note.length() > 4000 ? note.substring(0, 4000) : note.toString();
        return new Proposal(best.candidate.stimulus(), new LinkedHashMap<>(best.candidate.params()), null,
                refs.size() > 1024 ? refs.subList(0, 1024) : refs, acq, text);
    }
}
