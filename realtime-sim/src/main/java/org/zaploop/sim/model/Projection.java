package org.zaploop.sim.model;

/**
 * Synapses from one population to another, made by a {@link ConnectionRule}.
 *
 * @param source source population name
 * @param target target population name
 * @param rule which pairs connect
 * @param type the target's synaptic channel the synapses feed
 * @param weight weight in the target model's synaptic unit (tables may override)
 * @param delayMs delay, at least one time step after rounding (tables may override)
 */
public record Projection(String source, String target, ConnectionRule rule, SynapseType type, double weight,
                         double delayMs) {

    public Projection {
        if (source == null || target == null || rule == null || type == null) {
            throw new IllegalArgumentException("projection needs source, target, rule and type");
        }
        NeuronModel.finite("weight", weight);
        NeuronModel.nonNegative("delayMs", delayMs);
    }
}
