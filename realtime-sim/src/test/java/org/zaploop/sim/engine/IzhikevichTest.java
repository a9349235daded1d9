package org.zaploop.sim.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zaploop.sim.model.Distribution;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.IzhikevichParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.Population;

class IzhikevichTest {

    private static final double DT = 0.1;

    /** Independent straightforward Euler of the 2003 equations in double precision: spike times in ms. */
    private static List<Double> reference(double a, double b, double c, double d, double current, double ms) {
        List<Double> spikes = new ArrayList<>();
        double v = -65;
        double u = b * v;
        for (int s = 0; s < Math.round(ms / DT); s++) {
            double dv = 0.04 * v * v + 5 * v + 140 - u + current;
            double du = a * (b * v - u);
            v += DT * dv;
            u += DT * du;
            if (v >= 30) {
                spikes.add((s + 1) * DT);
                v = c;
                u += d;
            }
        }
        return spikes;
    }

    @Test
    void regularSpikingNeuronAdaptsAndMatchesIndependentEuler() {
        IzhikevichParams rs = IzhikevichParams.regularSpiking();
        InitialState init = new InitialState(Distribution.constant(-65), Distribution.constant(0),
                Distribution.constant(0), Distribution.constant(0.2 * -65));
        NetworkSpec spec = new NetworkSpec(DT, List.of(new Population("rs", 1, rs, init)), List.of());
        Network net = NetworkBuilder.build(spec, 7);
        net.injectCurrent(new int[] {0}, new float[] {10f});
        SpikeMonitor mon = new SpikeMonitor();
        try (Simulator sim = new Simulator(net, 1)) {
            sim.addRecorder(mon);
            sim.run(Math.round(1000 / DT));
        }
        List<Double> ref = reference(0.02, 0.2, -65, 8, 10, 1000);
        int n = mon.size();
        // float32 state vs the double reference: allow one spike either way over a second
        assertTrue(Math.abs(n - ref.size()) <= 1, "spikes " + n + " vs reference " + ref.size());
        assertTrue(ref.size() >= 5 && ref.size() <= 40, "reference count out of the RS range: " + ref.size());
        double firstIsi = (mon.step(1) - mon.step(0)) * DT;
        double secondIsi = (mon.step(2) - mon.step(1)) * DT;
        double lastIsi = (mon.step(n - 1) - mon.step(n - 2)) * DT;
        assertTrue(firstIsi < secondIsi && secondIsi <= lastIsi,
                "spike-frequency adaptation: ISIs " + firstIsi + ", " + secondIsi + " ... " + lastIsi);
        assertTrue(Math.abs(mon.step(0) * DT + DT - ref.get(0)) <= 2 * DT, "first spike time");
    }
}
