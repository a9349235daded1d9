package org.zaploop.sim.model;

/**
 * Parameters of one point-neuron model, shared by all neurons of a {@link Population}.
 *
 * <p>Units throughout the simulator: mV, ms, pF, nS, pA. Every model has two exponentially
 * decaying synaptic input variables (excitatory and inhibitory channel, see {@link SynapseType});
 * what a synaptic weight means depends on the model and is stated by each record.
 * Reads and writes no topics or stores.
 */
public sealed interface NeuronModel permits LifParams, CobaParams, IzhikevichParams, AdExParams {

    /** Time constant of the excitatory synaptic variable, ms. */
    double tauExcMs();

    /** Time constant of the inhibitory synaptic variable, ms. */
    double tauInhMs();

    /** Refractory period during which the membrane potential is held at reset, ms (0 for none). */
    double refractoryMs();

    /** Short model name used in tables and files ({@code lif}, {@code coba}, {@code izhikevich}, {@code adex}). */
    String kind();

    /** Throws IllegalArgumentException naming the parameter if {@code value} is not finite and positive. */
    static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
        return value;
    }

    /** Throws IllegalArgumentException naming the parameter if {@code value} is not finite. */
    static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
        return value;
    }

    /** Throws IllegalArgumentException naming the parameter if {@code value} is negative or not finite. */
    static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
        return value;
    }
}
