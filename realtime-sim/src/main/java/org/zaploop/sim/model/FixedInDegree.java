package org.zaploop.sim.model;

import java.util.function.DoubleSupplier;
import java.util.function.IntUnaryOperator;

/**
 * Every target neuron receives exactly {@code k} synapses from sources drawn uniformly with
 * replacement (multapses allowed, as NEST's {@code fixed_indegree} by default).
 */
public record FixedInDegree(int k, boolean allowAutapses) implements ConnectionRule {

    public FixedInDegree {
        if (k < 0) {
            throw new IllegalArgumentException("in-degree must be >= 0, got " + k);
        }
    }

    @Override
    public void connect(int nSource, int nTarget, boolean sameNeuron, DoubleSupplier uniform, IntUnaryOperator randInt,
                        double weight, double delayMs, ConnectionSink sink) {
        if (k == 0 || nTarget == 0) {
            return;
        }
        if (nSource == 0 || (sameNeuron && !allowAutapses && nSource == 1)) {
            throw new IllegalArgumentException("fixed in-degree " + k + " needs at least one eligible source");
        }
        for (int t = 0; t < nTarget; t++) {
            for (int j = 0; j < k; j++) {
                int s;
                do {
                    s = randInt.applyAsInt(nSource);
                } while (sameNeuron && !allowAutapses && s == t);
                sink.add(s, t, weight, delayMs);
            }
        }
    }
}
