package org.zaploop.sim.model;

import java.util.function.DoubleSupplier;
import java.util.function.IntUnaryOperator;

/**
 * Each (source, target) pair is connected independently with probability {@code p}
 * (Brian's {@code connect(p=...)}, NEST's {@code pairwise_bernoulli}).
 *
 * @param allowAutapses whether a neuron may connect to itself when source and target population
 *     coincide (Brian allows it by default, and the Vogels–Abbott builders follow Brian)
 */
public record FixedProbability(double p, boolean allowAutapses) implements ConnectionRule {

    public FixedProbability {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("connection probability must be in [0,1], got " + p);
        }
    }

    @Override
    public void connect(int nSource, int nTarget, boolean sameNeuron, DoubleSupplier uniform, IntUnaryOperator randInt,
                        double weight, double delayMs, ConnectionSink sink) {
        if (p == 0 || nTarget == 0) {
            return;
        }
        // Geometric skipping: the gap to the next connected target is geometric(p), so the cost
        // is proportional to the number of synapses, not to nSource * nTarget.
        double logQ = p < 1 ? Math.log1p(-p) : Double.NEGATIVE_INFINITY;
        for (int s = 0; s < nSource; s++) {
            int t = -1;
            while (true) {
                if (p >= 1) {
                    t++;
                } else {
                    double u = 1.0 - uniform.getAsDouble(); // in (0, 1]
                    double skip = Math.floor(Math.log(u) / logQ);
                    if (skip >= nTarget - t) {
                        break;
                    }
                    t += 1 + (int) skip;
                }
                if (t >= nTarget) {
                    break;
                }
                if (sameNeuron && !allowAutapses && t == s) {
                    continue;
                }
                sink.add(s, t, weight, delayMs);
            }
        }
    }
}
