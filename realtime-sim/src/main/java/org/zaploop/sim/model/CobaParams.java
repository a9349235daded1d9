package org.zaploop.sim.model;

/**
 * Leaky integrate-and-fire neuron with conductance-based (COBA) exponential synapses:
 * <pre>
 *   dv/dt  = (ge·(Ee - v) + gi·(Ei - v) + (El - v) + I/gL) / taum   (v held during refractoriness)
 *   dge/dt = -ge / tauExc,   dgi/dt = -gi / tauInh
 * </pre>
 * Conductances and synaptic weights are dimensionless, in units of the leak conductance
 * {@code gL = C / taum} (Brette et al. 2007 benchmark 1: we = 0.6, wi = 6.7); the injected current
 * {@code I} is in pA. The engine integrates with forward Euler at the network's dt, exactly as
 * Brian's COBA benchmark ({@code method='euler'}) does, so the statistics are comparable.
 *
 * @param taumMs membrane time constant
 * @param capacitancePf membrane capacitance
 * @param vRestMv leak reversal El
 * @param eExcMv excitatory reversal potential Ee
 * @param eInhMv inhibitory reversal potential Ei
 * @param vThreshMv threshold
 * @param vResetMv reset
 * @param refractoryMs refractory period
 * @param tauExcMs excitatory conductance decay
 * @param tauInhMs inhibitory conductance decay
 */
public record CobaParams(double taumMs, double capacitancePf, double vRestMv, double eExcMv, double eInhMv,
                         double vThreshMv, double vResetMv, double refractoryMs, double tauExcMs,
                         double tauInhMs) implements NeuronModel {

    public CobaParams {
        NeuronModel.positive("taumMs", taumMs);
        NeuronModel.positive("capacitancePf", capacitancePf);
        NeuronModel.finite("vRestMv", vRestMv);
        NeuronModel.finite("eExcMv", eExcMv);
        NeuronModel.finite("eInhMv", eInhMv);
        NeuronModel.finite("vThreshMv", vThreshMv);
        NeuronModel.finite("vResetMv", vResetMv);
        NeuronModel.nonNegative("refractoryMs", refractoryMs);
        NeuronModel.positive("tauExcMs", tauExcMs);
        NeuronModel.positive("tauInhMs", tauInhMs);
        if (vResetMv >= vThreshMv) {
            throw new IllegalArgumentException("vResetMv (" + vResetMv + ") must be below vThreshMv (" + vThreshMv + ")");
        }
    }

    /** Brette et al. (2007) benchmark 1 neuron: gL 10 nS, C 200 pF, El −60, Ee 0, Ei −80 mV. */
    public static CobaParams brette2007() {
        return new CobaParams(20, 200, -60, 0, -80, -50, -60, 5, 5, 10);
    }

    /** Leak conductance C/taum in nS. */
    public double leakConductanceNs() {
        return capacitancePf / taumMs;
    }

    @Override
    public String kind() {
        return "coba";
    }
}
