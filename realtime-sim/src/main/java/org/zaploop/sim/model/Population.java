package org.zaploop.sim.model;

/**
 * A named group of identical neurons, laid out contiguously in the network's neuron index.
 *
 * @param name unique name (projections and drives refer to it)
 * @param size number of neurons
 * @param model neuron model parameters
 * @param init initial state
 * @param background Poisson background drive, or null for none
 * @param region index of the brain region the population belongs to (0 when not regional)
 */
public record Population(String name, int size, NeuronModel model, InitialState init, PoissonInput background,
                         int region) {

    public Population {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("population name must not be blank");
        }
        if (size < 0) {
            throw new IllegalArgumentException("population '" + name + "' size must be >= 0, got " + size);
        }
        if (model == null || init == null) {
            throw new IllegalArgumentException("population '" + name + "' needs a model and an initial state");
        }
        if (region < 0) {
            throw new IllegalArgumentException("population '" + name + "' region must be >= 0");
        }
    }

    public Population(String name, int size, NeuronModel model, InitialState init) {
        this(name, size, model, init, null, 0);
    }
}
