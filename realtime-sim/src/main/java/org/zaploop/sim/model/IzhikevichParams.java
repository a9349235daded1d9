package org.zaploop.sim.model;

/**
 * Izhikevich neuron in the general (2007, "simple model") form:
 * <pre>
 *   C dv/dt = k (v - vr)(v - vt) - u + I + ge·(Ee - v) + gi·(Ei - v)
 *   du/dt   = a (b (v - vb) - u)
 *   if v &ge; vPeak:  v = c, u = u + d
 * </pre>
 * {@code vb} is {@code vr} in the 2007 form and 0 in the 2003 form ({@link #of2003}), which is
 * the same model with {@code C = 1, k = 0.04} and vr, vt the roots of 0.04v² + 5v + 140.
 * Synaptic conductances and weights in nS, currents in pA. Integrated with forward Euler at the
 * network's dt (both variables from the values at the start of the step).
 */
public record IzhikevichParams(double capacitancePf, double k, double vrMv, double vtMv, double vPeakMv,
                               double a, double b, double vbMv, double cMv, double d, double eExcMv,
                               double eInhMv, double tauExcMs, double tauInhMs) implements NeuronModel {

    public IzhikevichParams {
        NeuronModel.positive("capacitancePf", capacitancePf);
        NeuronModel.positive("k", k);
        NeuronModel.finite("vrMv", vrMv);
        NeuronModel.finite("vtMv", vtMv);
        NeuronModel.finite("vPeakMv", vPeakMv);
        NeuronModel.finite("a", a);
        NeuronModel.finite("b", b);
        NeuronModel.finite("vbMv", vbMv);
        NeuronModel.finite("cMv", cMv);
        NeuronModel.finite("d", d);
        NeuronModel.finite("eExcMv", eExcMv);
        NeuronModel.finite("eInhMv", eInhMv);
        NeuronModel.positive("tauExcMs", tauExcMs);
        NeuronModel.positive("tauInhMs", tauInhMs);
        if (cMv >= vPeakMv) {
            throw new IllegalArgumentException("cMv (" + cMv + ") must be below vPeakMv (" + vPeakMv + ")");
        }
    }

    /**
     * The 2003 form {@code v' = 0.04v² + 5v + 140 - u + I, u' = a(bv - u)}, peak 30 mV,
     * with conductance synapses Ee = 0, Ei = −80 mV, tau 5/10 ms.
     */
    public static IzhikevichParams of2003(double a, double b, double c, double d) {
        double disc = Math.sqrt(25.0 - 4 * 0.04 * 140.0);
        double vr = (-5.0 - disc) / 0.08;
        double vt = (-5.0 + disc) / 0.08;
        return new IzhikevichParams(1, 0.04, vr, vt, 30, a, b, 0, c, d, 0, -80, 5, 10);
    }

    /** Regular-spiking cortical neuron of Izhikevich (2003). */
    public static IzhikevichParams regularSpiking() {
        return of2003(0.02, 0.2, -65, 8);
    }

    /** No refractory clamp: the reset to c is the model's own refractoriness. */
    @Override
    public double refractoryMs() {
        return 0;
    }

    @Override
    public String kind() {
        return "izhikevich";
    }
}
