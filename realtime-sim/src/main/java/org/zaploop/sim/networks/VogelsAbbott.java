package org.zaploop.sim.networks;

import java.util.List;
import org.zaploop.sim.model.CobaParams;
import org.zaploop.sim.model.Distribution;
import org.zaploop.sim.model.FixedProbability;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.NeuronModel;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.Projection;
import org.zaploop.sim.model.SynapseType;

/**
 * The Vogels &amp; Abbott (2005) benchmark networks as Brette et al. (2007) and Brian2 define them:
 * 80 % excitatory ("exc", indices first) and 20 % inhibitory ("inh") neurons, every pair connected
 * with probability K/N (autapses allowed, as Brian's {@code connect(p=...)}), no delay (Brian's
 * zero delay = effect in the next step = one step here), no external input.
 */
public final class VogelsAbbott {

    private VogelsAbbott() {
    }

    /** CUBA (Brian's examples/CUBA.py): we = 60·0.27/10 mV, wi = −20·4.5/10 mV, V0 uniform in [Vr, Vt). */
    public static NetworkSpec cuba(int neurons, double synapsesPerNeuron, double dtMs) {
        LifParams lif = LifParams.vogelsAbbottCuba();
        InitialState init = InitialState.uniformV(lif.vResetMv(), lif.vThreshMv());
        return build(neurons, synapsesPerNeuron, dtMs, lif, init, 60 * 0.27 / 10, -20 * 4.5 / 10);
    }

    /**
     * COBA (Brette et al. 2007 benchmark 1 as in Brian's COBA benchmark): we = 0.6, wi = 6.7 in units
     * of gL; v0 ~ N(El − 5, 5) mV, ge0 ~ N(4, 1.5), gi0 ~ N(20, 12).
     */
    public static NetworkSpec coba(int neurons, double synapsesPerNeuron, double dtMs) {
        CobaParams coba = CobaParams.brette2007();
        InitialState init = new InitialState(Distribution.normal(coba.vRestMv() - 5, 5), Distribution.normal(4, 1.5),
                Distribution.normal(20, 12), Distribution.constant(0));
        return build(neurons, synapsesPerNeuron, dtMs, coba, init, 6.0 / 10.0, 67.0 / 10.0);
    }

    private static NetworkSpec build(int neurons, double k, double dtMs, NeuronModel model, InitialState init,
                                     double we, double wi) {
        if (neurons < 2) {
            throw new IllegalArgumentException("need at least 2 neurons, got " + neurons);
        }
        if (!(k > 0) || k > neurons) {
            throw new IllegalArgumentException("synapses per neuron must be in (0, N], got " + k);
        }
        int nExc = (int) (0.8 * neurons);
        FixedProbability rule = new FixedProbability(k / neurons, true);
        List<Population> pops = List.of(new Population("exc", nExc, model, init),
                new Population("inh", neurons - nExc, model, init));
        List<Projection> prs = List.of(
                new Projection("exc", "exc", rule, SynapseType.EXC, we, 0),
                new Projection("exc", "inh", rule, SynapseType.EXC, we, 0),
                new Projection("inh", "exc", rule, SynapseType.INH, wi, 0),
                new Projection("inh", "inh", rule, SynapseType.INH, wi, 0));
        return new NetworkSpec(dtMs, pops, prs);
    }
}
