package org.zaploop.controller.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.zaploop.controller.policy.PolicyInput;
import org.zaploop.controller.policy.PolicyParams;
import org.zaploop.controller.policy.Proposal;
import org.zaploop.controller.policy.SetpointPolicy;
import org.zaploop.controller.policy.StimulusSearch;
import org.zaploop.protocol.records.TraceBlock;

/**
 * The policy benchmarks on simulated plants, pure Java: setpoint tracking (PI vs open loop) and stimulus search
 * (top-two Thompson vs plain Thompson vs random). Used by {@code zaploop bench policy} and by the tests.
 */
public final class PolicyBench {

    private PolicyBench() {
    }

    /**
     * @param closedRms  RMS tracking error of the PI setpoint policy (after the first {@code settleFrames})
     * @param openRms    RMS error of the open-loop intensity computed from the nominal plant model
     * @param meanIntensity mean PI intensity
     */
    public record SetpointResult(double closedRms, double openRms, double meanIntensity) {
        public double ratio() {
            return closedRms / openRms;
        }
    }

    /**
     * Setpoint control of {@link PopulationPlant#standard} at {@code target}, {@code frames} frames of 0.9141 s,
     * against the open-loop intensity a model with a 60 % larger gain than the real one would choose.
     */
    public static SetpointResult setpoint(double target, int frames, int settleFrames, long seed) {
        double dt = 0.9141;
        int neurons = 16;
        SetpointPolicy policy = new SetpointPolicy(new PolicyParams(Map.of("neurons", "0-" + (neurons - 1),
                "target", String.valueOf(target))));
        PopulationPlant closed = PopulationPlant.standard(seed);
        PopulationPlant open = PopulationPlant.standard(seed);
        double nominalGain = 0.8;
        double uOpen = Math.max(0, Math.min(1, (target - 0.05) / nominalGain));
        double u = 0;
        double se = 0;
        double seOpen = 0;
        double sumU = 0;
        int n = 0;
        long t0 = 1_700_000_000_000_000_000L;
        for (int f = 0; f < frames; f++) {
            closed.step(u, dt);
            open.step(uOpen, dt);
            long acq = t0 + Math.round(f * dt * 1e9);
            TraceBlock tb = new TraceBlock("bench", f, 0, 0, acq, false, closed.read(neurons), null);
            Proposal p = policy.decide(new PolicyInput.TraceInput(tb, null));
            if (p != null) {
                u = p.params().get("intensity");
                policy.outcome(p, p.params(), acq);
            }
            if (f >= settleFrames) {
                se += sq(closed.mean() - target);
                seOpen += sq(open.mean() - target);
                sumU += u;
                n++;
            }
        }
        return new SetpointResult(Math.sqrt(se / n), Math.sqrt(seOpen / n), sumU / n);
    }

    /**
     * Trials until the search's recommendation is the best candidate and stays so to the end of the budget
     * ({@code budget + 1} if it never settles on it).
     */
    public static int trialsToFind(StimulusSearch.Rule rule, long seed, int budget) {
        BanditPlant plant = BanditPlant.standard(seed);
        StimulusSearch s = new StimulusSearch(plant.candidates(), rule, 0, 0.2, plant.noiseSd(), 0.5, seed + 1);
        int found = budget + 1;
        for (int t = 1; t <= budget; t++) {
            int k = s.next();
            s.update(k, plant.trial(k));
            if (s.best() == plant.best()) {
                if (found > budget) {
                    found = t;
                }
            } else {
                found = budget + 1;
            }
        }
        return found;
    }

    /** Median of {@link #trialsToFind} over {@code seeds} seeds (1..seeds). */
    public static double medianTrials(StimulusSearch.Rule rule, int seeds, int budget) {
        int[] t = new int[seeds];
        for (int s = 0; s < seeds; s++) {
            t[s] = trialsToFind(rule, s + 1, budget);
        }
        Arrays.sort(t);
        return seeds % 2 == 1 ? t[seeds / 2] : (t[seeds / 2 - 1] + t[seeds / 2]) / 2.0;
    }

    /** Fraction of seeds whose search settled on the best candidate within the budget. */
    public static double foundFraction(StimulusSearch.Rule rule, int seeds, int budget) {
        int ok = 0;
        for (int s = 0; s < seeds; s++) {
            if (trialsToFind(rule, s + 1, budget) <= budget) {
                ok++;
            }
        }
        return (double) ok / seeds;
    }

    static List<StimulusSearch.Rule> rules() {
        return List.of(StimulusSearch.Rule.TOP_TWO_THOMPSON, StimulusSearch.Rule.THOMPSON, StimulusSearch.Rule.RANDOM);
    }

    private static double sq(double x) {
        return x * x;
    }
}
