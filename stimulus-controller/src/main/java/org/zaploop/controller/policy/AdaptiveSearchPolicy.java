package org.zaploop.controller.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.zaploop.controller.safety.InputKind;
import org.zaploop.protocol.records.Stimulus;

/**
 * Adaptive stimulus search: finds, in as few trials as possible, which of a discrete set of candidate stimuli most
 * drives a target population. Trials alternate rest (OFF) and stimulus; a trial's response is the population's
 * mean ΔF/F (from {@code zl.traces}) during the stimulus minus its mean during the rest before it. The next
 * candidate is chosen by {@link StimulusSearch} (top-two Thompson sampling by default). A trial whose stimulus the
 * safety envelope refused is void and not counted. After {@code maxTrials} it presents OFF and reports the best.
 *
 * <p>Params: {@code neurons} (ids; required), {@code candidates} ({@code STIM:k=v,k=v;STIM:...}; default eight
 * visual stimuli), {@code trialS} (default 5), {@code restS} (default 5), {@code maxTrials} (default 60),
 * {@code rule} (top-two-thompson | thompson | random), {@code noiseSd} (ΔF/F, default 0.05), {@code priorSd}
 * (default 0.2), {@code beta} (default 0.5), {@code seed} (default 1).
 */
public final class AdaptiveSearchPolicy implements Policy {

    public static final String NAME = "adaptive-search";
    public static final String DEFAULT_CANDIDATES = "FLASH:intensity=0.25,durationS=1;FLASH:intensity=1,durationS=1;"
            + "GRATING:velocity=5,gain=0;GRATING:velocity=10,gain=0;GRATING:velocity=20,gain=0;"
            + "DOTS:velocity=10;ROTATION:velocity=20;PHOTOTAXIS:direction=1";

    /** One candidate stimulus. */
    public record Candidate(Stimulus stimulus, Map<String, Double> params) {
    }

    private final PopulationMean population;
    private final List<Candidate> candidates;
    private final StimulusSearch search;
    private final long trialNs;
    private final long restNs;
    private final int maxTrials;
    private final Map<String, Object> params;

    private boolean stimulating;
    private long phaseStartNs = -1;
    private int current = -1;
    private boolean voidTrial;
    private double baseSum;
    private int baseN;
    private double respSum;
    private int respN;
    private int trials;

    public AdaptiveSearchPolicy(PolicyParams p) {
        this.population = new PopulationMean(new NeuronSet(p.ints("neurons", "")));
        this.candidates = parse(p.str("candidates", DEFAULT_CANDIDATES));
        double trialS = p.dbl("trialS", 5);
        double restS = p.dbl("restS", 5);
        this.maxTrials = (int) p.lng("maxTrials", 60);
        String rule = p.str("rule", "top-two-thompson");
        double noiseSd = p.dbl("noiseSd", 0.05);
        double priorSd = p.dbl("priorSd", 0.2);
        double beta = p.dbl("beta", 0.5);
        long seed = p.lng("seed", 1);
        p.requireAllUsed(NAME);
        PolicyParams.require(trialS > 0 && restS > 0 && maxTrials > 0, "adaptive-search: trialS, restS, maxTrials > 0");
        this.search = new StimulusSearch(candidates.size(),
                StimulusSearch.Rule.valueOf(rule.toUpperCase(Locale.ROOT).replace('-', '_')), 0, priorSd, noiseSd,
                beta, seed);
        this.trialNs = Math.round(trialS * 1e9);
        this.restNs = Math.round(restS * 1e9);
        this.params = p.effective();
    }

    /** Parses {@code STIM:k=v,k=v;STIM:...}. */
    public static List<Candidate> parse(String spec) {
        List<Candidate> out = new ArrayList<>();
        for (String part : spec.split(";")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.indexOf(':');
            Stimulus st = Stimulus.valueOf((colon < 0 ? s : s.substring(0, colon)).trim().toUpperCase(Locale.ROOT));
            Map<String, Double> p = new TreeMap<>();
            if (colon >= 0) {
                for (String kv : s.substring(colon + 1).split(",")) {
                    if (kv.isBlank()) {
                        continue;
                    }
                    String[] a = kv.split("=", 2);
                    if (a.length != 2) {
                        throw new IllegalArgumentException("candidate '" + s + "': expected name=value, got " + kv);
                    }
                    p.put(a[0].trim(), Double.parseDouble(a[1].trim()));
                }
            }
            PolicyParams.require(st != Stimulus.SAFE_STATE && st != Stimulus.OFF, "candidate '" + s + "': not a stimulus");
            out.add(new Candidate(st, Map.copyOf(p)));
        }
        PolicyParams.require(!out.isEmpty(), "adaptive-search: no candidates");
        return List.copyOf(out);
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
        return Set.of(InputKind.TRACES);
    }

    @Override
    public long inputPeriodMs() {
        return 914;
    }

    public StimulusSearch search() {
        return search;
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    public int trials() {
        return trials;
    }

    @Override
    public Proposal decide(PolicyInput input) {
        if (!(input instanceof PolicyInput.TraceInput in)) {
            return null;
        }
        PopulationMean.Sample s = population.add(in.traces(), in.ref());
        if (s == null) {
            return null;
        }
        long t = s.acquisitionNs();
        if (trials >= maxTrials) {
            int b = search.best();
            return new Proposal(Stimulus.OFF, Map.of(), null, s.inputs(), t, String.format(Locale.ROOT,
                    "search finished after %d trials: best candidate %d %s (mean response %.4f)", trials, b,
                    candidates.get(b), search.mean(b)));
        }
        if (phaseStartNs < 0) {
            phaseStartNs = t;
        }
        if (!stimulating) {
            baseSum += s.mean();
            baseN++;
            if (t - phaseStartNs >= restNs) {
                current = search.next();
                stimulating = true;
                voidTrial = false;
                phaseStartNs = t;
                respSum = 0;
                respN = 0;
                Candidate c = candidates.get(current);
                return new Proposal(c.stimulus(), c.params(), null, s.inputs(), t,
                        "trial " + (trials + 1) + ": candidate " + current);
            }
            return new Proposal(Stimulus.OFF, Map.of(), null, s.inputs(), t, "rest before trial " + (trials + 1));
        }
        respSum += s.mean();
        respN++;
        if (t - phaseStartNs >= trialNs) {
            String note;
            if (!voidTrial && baseN > 0) {
                double r = respSum / respN - baseSum / baseN;
                search.update(current, r);
                trials++;
                note = String.format(Locale.ROOT, "trial %d: candidate %d response %.4f; best so far %d", trials,
                        current, r, search.best());
            } else {
                note = "trial of candidate " + current + " void: its stimulus was refused";
            }
            stimulating = false;
            phaseStartNs = t;
            baseSum = 0;
            baseN = 0;
            return new Proposal(Stimulus.OFF, Map.of(), null, s.inputs(), t, note);
        }
        Candidate c = candidates.get(current);
        return new Proposal(c.stimulus(), c.params(), null, s.inputs(), t, "trial " + (trials + 1) + " continues");
    }

    @Override
    public void outcome(Proposal proposal, Map<String, Double> sent, long nowNs) {
        if (stimulating && sent == null && proposal.stimulus() != Stimulus.OFF) {
            voidTrial = true;
        }
    }
}
