package org.zaploop.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.Population;

class LifAnalyticTest {

    @Test
    void timeToFirstSpikeUnderConstantCurrentMatchesAnalyticValue() {
        double dt = 0.1;
        LifParams p = new LifParams(20, 200, -70, -50, -70, 2, 5, 10);
        double iPa = 250; // R·I = taum/C · I = 0.1 GOhm · 250 pA = 25 mV
        double ri = p.taumMs() / p.capacitancePf() * iPa;
        double expected = p.taumMs() * Math.log(ri / (ri - (p.vThreshMv() - p.vRestMv())));
        NetworkSpec spec = new NetworkSpec(dt, List.of(new Population("one", 1, p, InitialState.at(-70))), List.of());
        Network net = NetworkBuilder.build(spec, 1);
        net.injectCurrent(new int[] {0}, new float[] {(float) iPa});
        SpikeMonitor mon = new SpikeMonitor();
        try (Simulator sim = new Simulator(net, 1)) {
            sim.addRecorder(mon);
            sim.run(Math.round(100 / dt));
        }
        assertTrue(mon.size() >= 2, "neuron should fire repeatedly");
        // a spike detected during step s means v crossed threshold by the end of the step, t = (s+1)·dt
        double first = (mon.step(0) + 1) * dt;
        assertEquals(expected, first, dt, "first spike time vs taum·ln(RI/(RI-(Vt-El)))");
        // afterwards the period is the refractory time plus the same charging time from Vr = El
        double period = (mon.step(1) - mon.step(0)) * dt;
        assertEquals(expected + p.refractoryMs(), period, 2 * dt);
    }

    @Test
    void populationBiasCurrentActsLikeInjectedCurrent() {
        LifParams p = new LifParams(20, 200, -70, -50, -70, 2, 5, 10);
        NetworkSpec spec = new NetworkSpec(0.1, List.of(new Population("one", 1, p, InitialState.at(-70))), List.of());
        Network a = NetworkBuilder.build(spec, 1);
        Network b = NetworkBuilder.build(spec, 1);
        a.injectCurrent(new int[] {0}, new float[] {250f});
        b.setPopulationCurrent(0, 250);
        try (Simulator sa = new Simulator(a, 1); Simulator sb = new Simulator(b, 1)) {
            sa.run(300);
            sb.run(300);
        }
        assertEquals(a.v(0), b.v(0), 1e-3);
    }
}
