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
 * <p>For a setpoint it is offset-free MPC: the twin is a model, and a model that is off by a steady amount (its
 * response to a stimulus is not the fish's) would hold the population off target by that amount for ever. So the
 * policy also reads the measured mean of the target population ({@code zl.traces}) and keeps a disturbance
 * estimate per step ahead d_s: each measured frame moves d_s by {@code offsetGain} × (measured − predicted − d_s),
 * where "predicted" is what the candidate chosen s + 1 frames before predicted for this frame; every prediction s
 * steps ahead is then read as prediction + d_s (an integral action on the model's error at each distance ahead: a
 * nudged twin errs less on the next frame than four frames on). And the candidates of one stimulus that differ in one parameter (e.g.
 * PHOTOSTIM intensities) span a continuous choice: between two neighbouring values the prediction is taken as the
 * linear blend of theirs, and the blend that minimises the cost is presented (closed form: the cost is quadratic
 * in the blend), so a coarse grid of simulated candidates does not force the fish to chatter between two of them.
 *
 * <p>Params: {@code neurons} (target ids; required), {@code objective} ({@code setpoint}: least mean squared
 * distance of the predicted mean from {@code target}; {@code maximize}: largest predicted mean; default setpoint),
 * {@code target} (ΔF/F, default 0.2), {@code steps} (frames ahead that count, default 8), {@code candidates}
 * (predictions expected per frame, default 3), {@code offsetGain} (0..1, default 0.5; 0: no offset correction and
 * no traces read), {@code interpolate} (default true), {@code frameS} (default 0.9141). Reads and writes no topic.
 */
public final class MpcPolicy implements Policy {

    public static final String NAME = "mpc";

    private final NeuronSet neurons;
    private final boolean maximize;
    private final double target;
    private final int steps;
    private final int expected;
    private final double frameS;
    private final double offsetGain;
    private final boolean interpolate;
    private final PopulationMean measured;
    private final Map<String, Object> params;
    /** Disturbance estimate per step ahead: measured − predicted mean of the target population, ΔF/F. */
    private final double[] offset;
    private final double moveCost;
    private CandidateForecaster lastChoice;
    private double lastValue;
    /** The chosen trajectories (without offsets) of the last {@code steps} decisions, by decision frame mod steps. */
    private final double[][] chosen;
    private final long[] chosenFrame;
    private long frame = -1;
    /** Predictions of the current frame, by forecaster name (sorted: ties go to the first name). */
    private final Map<String, Prediction> predictions = new TreeMap<>();
    private boolean decided;

    /** One candidate's predicted population sums per step, gathered over blocks. */
    private static final class Prediction {
        final CandidateForecaster candidate;
        final double[] sum;
        /** The predicted population mean per step, once complete. */
        final double[] mean;
        int seen;
        final java.util.Set<Integer> blocks = new java.util.HashSet<>();
        final List<InputRef> refs = new ArrayList<>();
        long acquisitionNs;

        Prediction(CandidateForecaster c, int steps) {
            candidate = c;
            sum = new double[steps];
            mean = new double[steps];
        }
    }

    public MpcPolicy(PolicyParams p) {
        this.neurons = new NeuronSet(p.ints("neurons", ""));
        String objective = p.str("objective", "setpoint");
        this.target = p.dbl("target", 0.2);
        this.steps = (int) p.lng("steps", 8);
        this.expected = (int) p.lng("candidates", 3);
        this.frameS = p.dbl("frameS", 0.9141);
        this.offsetGain = p.dbl("offsetGain", 0.5);
        this.interpolate = p.bool("interpolate", true);
        this.moveCost = p.dbl("moveCost", 0.5);
        p.requireAllUsed(NAME);
        PolicyParams.require(offsetGain >= 0 && offsetGain <= 1, "mpc: offsetGain must be in 0..1");
        PolicyParams.require(moveCost >= 0, "mpc: moveCost must be >= 0");
        PolicyParams.require(objective.equals("setpoint") || objective.equals("maximize"),
                "mpc: objective must be setpoint or maximize, got '" + objective + "'");
        PolicyParams.require(steps >= 1 && steps <= 1024, "mpc: steps must be in 1..1024");
        PolicyParams.require(expected >= 1 && expected <= 64, "mpc: candidates must be in 1..64");
        PolicyParams.require(frameS > 0, "mpc: frameS must be > 0");
        this.maximize = objective.equals("maximize");
        this.measured = maximize || offsetGain == 0 ? null : new PopulationMean(neurons);
        this.offset = new double[steps];
        this.chosen = new double[steps][steps];
        this.chosenFrame = new long[steps];
        java.util.Arrays.fill(chosenFrame, -1);
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
        return measured == null ? Set.of(InputKind.FORECASTS) : Set.of(InputKind.FORECASTS, InputKind.TRACES);
    }

    @Override
    public long inputPeriodMs() {
        return Math.round(frameS * 1000);
    }

    @Override
    public Proposal decide(PolicyInput input) {
        if (input instanceof PolicyInput.TraceInput t && measured != null) {
            correct(measured.add(t.traces(), t.ref()));
            return null;
        }
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

    /** Moves each step's disturbance estimate by the error of the prediction made that many frames before. */
    private void correct(PopulationMean.Sample sample) {
        if (sample == null) {
            return;
        }
        for (int s = 0; s < steps; s++) {
            long decided = sample.frame() - 1 - s;
            int slot = (int) Math.floorMod(decided, (long) steps);
            if (decided < 0 || chosenFrame[slot] != decided) {
                continue;
            }
            double innovation = sample.mean() - (chosen[slot][s] + offset[s]);
            offset[s] = Math.max(-1, Math.min(1, offset[s] + offsetGain * innovation));
        }
    }

    /** The disturbance estimate added to the prediction {@code step} frames ahead (0: the next frame), ΔF/F. */
    public double offset(int step) {
        return offset[step];
    }

    /** Is the candidate a value of the same stimulus parameter as the last choice (so a move cost applies)? */
    private boolean follows(CandidateForecaster c) {
        return lastChoice != null && c.param() != null && c.stimulus() == lastChoice.stimulus()
                && c.param().equals(lastChoice.param());
    }

    /** The cost of moving the last choice's parameter to {@code value}: moveCost × (value − last)². */
    private double moveCost(CandidateForecaster c, double value) {
        return maximize || !follows(c) ? 0 : moveCost * (value - lastValue) * (value - lastValue);
    }

    /** Mean cost over the steps of a predicted trajectory of population means, the offsets added. */
    private double cost(double[] mean) {
        double c = 0;
        for (int s = 0; s < steps; s++) {
            double e = mean[s] + offset[s] - target;
            c += maximize ? -mean[s] / steps : e * e / steps;
        }
        return c;
    }

    /** The best complete candidate of the current frame (or blend of two), or null if none is complete. */
    private Proposal choose(String why) {
        StringBuilder note = new StringBuilder(String.format(Locale.ROOT, "frame %d, %s; offset %+.4f next, %+.4f "
                + "at %d; predicted mean over %d frames (cost):", frame, why, offset[0], offset[steps - 1], steps,
                steps));
        List<InputRef> refs = new ArrayList<>();
        long acq = 0;
        List<Prediction> complete = new ArrayList<>();
        Prediction best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Prediction> e : predictions.entrySet()) {
            Prediction p = e.getValue();
            if (p.seen != neurons.size()) {
                continue;
            }
            for (int s = 0; s < steps; s++) {
                p.mean[s] = p.sum[s] / neurons.size();
            }
            double cost = cost(p.mean) + moveCost(p.candidate, p.candidate.value());
            double mean = 0;
            for (double m : p.mean) {
                mean += m / steps;
            }
            note.append(String.format(Locale.ROOT, " %s %.4f (%.5f);", e.getKey().substring(CandidateForecaster.PREFIX
                    .length()), mean, cost));
            refs.addAll(p.refs);
            acq = Math.max(acq, p.acquisitionNs);
            complete.add(p);
            if (cost < bestCost) {
                bestCost = cost;
                best = p;
            }
        }
        decided = true;
        if (best == null) {
            return null;
        }
        CandidateForecaster choice = best.candidate;
        int slot = (int) Math.floorMod(frame, (long) steps);
        System.arraycopy(best.mean, 0, chosen[slot], 0, steps);
        chosenFrame[slot] = frame;
        Blend blend = maximize || !interpolate ? null : bestBlend(complete, bestCost);
        if (blend != null) {
            choice = new CandidateForecaster(blend.a.candidate.stimulus(), blend.a.candidate.param(), blend.value);
            for (int s = 0; s < steps; s++) {
                chosen[slot][s] = (1 - blend.lambda) * blend.a.mean[s] + blend.lambda * blend.b.mean[s];
            }
            note.append(String.format(Locale.ROOT, " blend %.3f of %s and %s (cost %.5f);", blend.lambda,
                    name(blend.a), name(blend.b), blend.cost));
        }
        note.append(" chose ").append(name(choice));
        lastChoice = choice;
        lastValue = choice.value();
        String text = note.length() > 4000 ? note.substring(0, 4000) : note.toString();
        return new Proposal(choice.stimulus(), new LinkedHashMap<>(choice.params()), null,
                refs.size() > 1024 ? refs.subList(0, 1024) : refs, acq, text);
    }

    private static String name(Prediction p) {
        return name(p.candidate);
    }

    private static String name(CandidateForecaster c) {
        return c.forecaster().substring(CandidateForecaster.PREFIX.length());
    }

    /** A blend of two neighbouring candidates of one stimulus and parameter: value = a + lambda (b − a). */
    private record Blend(Prediction a, Prediction b, double lambda, double value, double cost) {
    }

    /**
     * The blend of two neighbouring candidates (same stimulus and parameter, next values) whose blended prediction
     * costs least, if it costs less than {@code toBeat}. Per pair the cost Σ (e_s + λ δ_s)² (e: a's error with the
     * offset, δ: b − a) is least at λ = −Σ e δ / Σ δ², clamped to [0, 1].
     */
    private Blend bestBlend(List<Prediction> complete, double toBeat) {
        List<Prediction> numeric = new ArrayList<>();
        for (Prediction p : complete) {
            if (p.candidate.param() != null) {
                numeric.add(p);
            }
        }
        numeric.sort(java.util.Comparator.comparing((Prediction p) -> p.candidate.stimulus())
                .thenComparing(p -> p.candidate.param()).thenComparingDouble(p -> p.candidate.value()));
        Blend best = null;
        double bestCost = toBeat;
        for (int k = 0; k + 1 < numeric.size(); k++) {
            Prediction a = numeric.get(k);
            Prediction b = numeric.get(k + 1);
            if (a.candidate.stimulus() != b.candidate.stimulus() || !a.candidate.param().equals(b.candidate.param())) {
                continue;
            }
            double dv = b.candidate.value() - a.candidate.value();
            double va = a.candidate.value() - (follows(a.candidate) ? lastValue : a.candidate.value());
            double w = follows(a.candidate) ? moveCost : 0;
            double ed = 0;
            double dd = 0;
            for (int s = 0; s < steps; s++) {
                double e = a.mean[s] + offset[s] - target;
                double d = b.mean[s] - a.mean[s];
                ed += e * d;
                dd += d * d;
            }
            if (dd == 0) {
                continue;
            }
            // d/dλ of (1/steps) Σ (e_s + λ δ_s)² + w (va + λ dv)² = 0
            double lambda = Math.max(0, Math.min(1, -(ed / steps + w * va * dv) / (dd / steps + w * dv * dv)));
            double c = 0;
            for (int s = 0; s < steps; s++) {
                double e = (1 - lambda) * a.mean[s] + lambda * b.mean[s] + offset[s] - target;
                c += e * e / steps;
            }
            c += w * (va + lambda * dv) * (va + lambda * dv);
            if (c < bestCost) {
                bestCost = c;
                // a value of 4 decimals: it becomes a candidate's (forecaster) name in the audit trail
                double value = Math.round((a.candidate.value() + lambda * (b.candidate.value()
                        - a.candidate.value())) * 1e4) / 1e4;
                best = new Blend(a, b, lambda, value, c);
            }
        }
        return best;
    }
}
