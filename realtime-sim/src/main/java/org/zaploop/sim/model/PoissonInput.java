package org.zaploop.sim.model;

/**
 * Background Poisson drive of every neuron of a population: events at {@code rateHz} per
 * neuron (the summed rate of all its background sources), each adding {@code weight} to the
 * neuron's {@code channel} synaptic variable.
 */
public record PoissonInput(double rateHz, double weight, SynapseType channel) {

    public PoissonInput {
        NeuronModel.nonNegative("rateHz", rateHz);
        NeuronModel.finite("weight", weight);
        if (channel == null) {
            throw new IllegalArgumentException("channel must not be null");
        }
    }
}
