package org.zaploop.sim.model;

/** The synaptic input channel a connection feeds: each neuron has one decaying variable per channel. */
public enum SynapseType {
    EXC, INH;

    /** Parses {@code exc}/{@code inh} (also {@code e}/{@code i}, case-insensitive), or throws. */
    public static SynapseType parse(String s) {
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "exc", "e", "excitatory" -> {
                return EXC;
            }
            case "inh", "i", "inhibitory" -> {
                return INH;
            }
            default -> throw new IllegalArgumentException("synapse type must be exc or inh, got '" + s + "'");
        }
    }
}
