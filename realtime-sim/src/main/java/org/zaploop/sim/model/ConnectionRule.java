package org.zaploop.sim.model;

import java.util.function.DoubleSupplier;
import java.util.function.IntUnaryOperator;

/**
 * A strategy that decides which synapses a projection makes (Bernoulli, fixed in-degree, table).
 * Rules are immutable descriptions; randomness comes from the builder's seeded generator.
 */
public sealed interface ConnectionRule permits FixedProbability, FixedInDegree, FromTable {

    /**
     * Emits the synapses between a source population of {@code nSource} and a target population
     * of {@code nTarget} neurons.
     *
     * @param sameNeuron true when source and target are the same population (autapse handling)
     * @param uniform a seeded uniform [0,1) generator
     * @param randInt a seeded uniform integer generator: {@code randInt.applyAsInt(n)} in [0, n)
     * @param weight the projection's weight; tables may override it per synapse
     * @param delayMs the projection's delay; tables may override it per synapse
     */
    void connect(int nSource, int nTarget, boolean sameNeuron, DoubleSupplier uniform, IntUnaryOperator randInt,
                 double weight, double delayMs, ConnectionSink sink);
}
