package org.zaploop.sim.model;

/**
 * How a population's state starts: membrane potential (mV), excitatory and inhibitory synaptic
 * variables (in the model's synaptic unit), recovery/adaptation variable (Izhikevich u, AdEx w).
 */
public record InitialState(Distribution v, Distribution exc, Distribution inh, Distribution recovery) {

    public InitialState {
        if (v == null || exc == null || inh == null || recovery == null) {
            throw new IllegalArgumentException("all initial-state distributions must be given");
        }
    }

    /** Every neuron at {@code v0}, synaptic and recovery variables zero. */
    public static InitialState at(double v0) {
        Distribution zero = Distribution.constant(0);
        return new InitialState(Distribution.constant(v0), zero, zero, zero);
    }

    /** Uniform v in [lo, hi), synaptic and recovery variables zero (Brian's CUBA). */
    public static InitialState uniformV(double lo, double hi) {
        Distribution zero = Distribution.constant(0);
        return new InitialState(Distribution.uniform(lo, hi), zero, zero, zero);
    }
}
