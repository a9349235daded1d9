package org.zaploop.sim.model;

/** Receives the synapses a {@link ConnectionRule} generates (indices local to the two populations). */
@FunctionalInterface
public interface ConnectionSink {

    /**
     * @param source index within the source population
     * @param target index within the target population
     * @param weight synaptic weight in the target model's synaptic unit
     * @param delayMs transmission delay
     */
    void add(int source, int target, double weight, double delayMs);
}
