package org.zaploop.sim.model;

/**
 * Adaptive exponential integrate-and-fire neuron (Brette &amp; Gerstner 2005):
 * <pre>
 *   C dv/dt    = -gL (v - EL) + gL ΔT exp((v - VT)/ΔT) - w + I + ge·(Ee - v) + gi·(Ei - v)
 *   tauw dw/dt = a (v - EL) - w
 *   if v &gt; vPeak: v = vReset, w = w + b, v held for the refractory period
 * </pre>
 * Conductances and weights in nS, currents (w, I) in pA. Integrated with forward Euler at the
 * network's dt; the exponential's argument is capped so a runaway upstroke cannot overflow
 * before the threshold pass resets it.
 */
public record AdExParams(double capacitancePf, double gLNs, double eLMv, double vTMv, double deltaTMv,
                         double vPeakMv, double vResetMv, double tauWMs, double aNs, double bPa,
                         double refractoryMs, double eExcMv, double eInhMv, double tauExcMs,
                         double tauInhMs) implements NeuronModel {

    public AdExParams {
        NeuronModel.positive("capacitancePf", capacitancePf);
        NeuronModel.positive("gLNs", gLNs);
        NeuronModel.finite("eLMv", eLMv);
        NeuronModel.finite("vTMv", vTMv);
        NeuronModel.positive("deltaTMv", deltaTMv);
        NeuronModel.finite("vPeakMv", vPeakMv);
        NeuronModel.finite("vResetMv", vResetMv);
        NeuronModel.positive("tauWMs", tauWMs);
        NeuronModel.finite("aNs", aNs);
        NeuronModel.finite("bPa", bPa);
        NeuronModel.nonNegative("refractoryMs", refractoryMs);
        NeuronModel.finite("eExcMv", eExcMv);
        NeuronModel.finite("eInhMv", eInhMv);
        NeuronModel.positive("tauExcMs", tauExcMs);
        NeuronModel.positive("tauInhMs", tauInhMs);
        if (vResetMv >= vPeakMv) {
            throw new IllegalArgumentException("vResetMv (" + vResetMv + ") must be below vPeakMv (" + vPeakMv + ")");
        }
    }

    /** Brette &amp; Gerstner (2005) tonic parameters: C 281 pF, gL 30 nS, EL −70.6, VT −50.4, ΔT 2 mV. */
    public static AdExParams bretteGerstner2005() {
        return new AdExParams(281, 30, -70.6, -50.4, 2, 0, -70.6, 144, 4, 80.5, 0, 0, -80, 5, 10);
    }

    @Override
    public String kind() {
        return "adex";
    }
}
