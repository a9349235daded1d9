package org.zaploop.sim.model;

/**
 * Leaky integrate-and-fire neuron with current-based (CUBA) exponential synapses:
 * <pre>
 *   dv/dt  = (El - v + ge + gi + I·taum/C) / taum   (v held during refractoriness)
 *   dge/dt = -ge / tauExc,   dgi/dt = -gi / tauInh
 * </pre>
 * {@code ge}, {@code gi} and synaptic weights are in mV (voltage jump of the synaptic variable,
 * as in Brian's CUBA example; inhibitory weights are negative), the injected current {@code I}
 * in pA. The engine integrates this linear system exactly with propagators precomputed once
 * ({@code exp(-dt/tau)}), as Brian2's {@code method='exact'} does.
 *
 * @param taumMs membrane time constant
 * @param capacitancePf membrane capacitance; only scales injected current ({@code R = taum/C})
 * @param vRestMv resting potential El
 * @param vThreshMv threshold; a spike when v &gt; vThresh
 * @param vResetMv reset potential
 * @param refractoryMs refractory period
 * @param tauExcMs excitatory synaptic time constant
 * @param tauInhMs inhibitory synaptic time constant
 */
public record LifParams(double taumMs, double capacitancePf, double vRestMv, double vThreshMv,
                        double vResetMv, double refractoryMs, double tauExcMs, double tauInhMs)
        implements NeuronModel {

    public LifParams {
        NeuronModel.positive("taumMs", taumMs);
        NeuronModel.positive("capacitancePf", capacitancePf);
        NeuronModel.finite("vRestMv", vRestMv);
        NeuronModel.finite("vThreshMv", vThreshMv);
        NeuronModel.finite("vResetMv", vResetMv);
        NeuronModel.nonNegative("refractoryMs", refractoryMs);
        NeuronModel.positive("tauExcMs", tauExcMs);
        NeuronModel.positive("tauInhMs", tauInhMs);
        if (vResetMv >= vThreshMv) {
            throw new IllegalArgumentException("vResetMv (" + vResetMv + ") must be below vThreshMv (" + vThreshMv + ")");
        }
    }

    /** The Vogels–Abbott CUBA neuron of Brian's CUBA.py (C = 200 pF only scales injected current). */
    public static LifParams vogelsAbbottCuba() {
        return new LifParams(20, 200, -49, -50, -60, 5, 5, 10);
    }

    @Override
    public String kind() {
        return "lif";
    }
}
