package org.zaploop.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.bench.PolicyBench;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.TraceBlock;

class StimulusSearchTest {

    @Test
    void topTwoThompsonNeedsFewerTrialsThanRandomSearch() {
        double ttts = PolicyBench.medianTrials(StimulusSearch.Rule.TOP_TWO_THOMPSON, 51, 300);
        double random = PolicyBench.medianTrials(StimulusSearch.Rule.RANDOM, 51, 300);
        assertTrue(ttts < random, "median trials: top-two Thompson " + ttts + ", random " + random);
        assertTrue(PolicyBench.foundFraction(StimulusSearch.Rule.TOP_TWO_THOMPSON, 51, 300) >= 0.95);
    }

    @Test
    void posteriorIsTheConjugateGaussianOne() {
        StimulusSearch s = new StimulusSearch(2, StimulusSearch.Rule.THOMPSON, 0, 1, 1, 0.5, 1);
        s.update(1, 2.0);
        assertEquals(1.0, s.mean(1), 1e-12);
        assertEquals(Math.sqrt(0.5), s.sd(1), 1e-12);
        assertEquals(1, s.best());
    }

    @Test
    void thePolicyRunsRestAndStimulusTrialsAndFindsTheBestCandidate() {
        AdaptiveSearchPolicy p = new AdaptiveSearchPolicy(new PolicyParams(Map.of("neurons", "0-3",
                "candidates", "FLASH:intensity=0.2;FLASH:intensity=1;DOTS:velocity=10", "trialS", "2", "restS", "2",
                "maxTrials", "30", "noiseSd", "0.05")));
        double[] drive = {0.05, 0.4, 0.1};
        long t0 = 1_700_000_000_000_000_000L;
        Stimulus shown = Stimulus.OFF;
        Map<String, Double> params = Map.of();
        java.util.Random rng = new java.util.Random(3);
        List<Stimulus> presented = new ArrayList<>();
        for (int f = 0; f < 2000 && p.trials() < 30; f++) {
            int k = shown == Stimulus.OFF ? -1 : indexOf(p, shown, params);
            double y = 0.05 + (k < 0 ? 0 : drive[k]) + 0.03 * rng.nextGaussian();
            float[] dff = {(float) y, (float) y, (float) y, (float) y};
            Proposal pr = p.decide(new PolicyInput.TraceInput(
                    new TraceBlock("s", f, 0, 0, t0 + f * 500_000_000L, false, dff, null), null));
            if (pr != null) {
                p.outcome(pr, pr.params(), 0);
                shown = pr.stimulus();
                params = pr.params();
                if (presented.isEmpty() || presented.get(presented.size() - 1) != shown) {
                    presented.add(shown);
                }
            }
        }
        assertEquals(30, p.trials());
        assertEquals(1, p.search().best());
        assertTrue(presented.contains(Stimulus.OFF) && presented.contains(Stimulus.FLASH), "rest and trials alternate");
    }

    static int indexOf(AdaptiveSearchPolicy p, Stimulus s, Map<String, Double> params) {
        for (int i = 0; i < p.candidates().size(); i++) {
            if (p.candidates().get(i).stimulus() == s && p.candidates().get(i).params().equals(params)) {
                return i;
            }
        }
        return -1;
    }
}
