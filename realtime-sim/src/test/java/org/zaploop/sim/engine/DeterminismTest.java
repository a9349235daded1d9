package org.zaploop.sim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zaploop.sim.model.FixedInDegree;
import org.zaploop.sim.model.FixedProbability;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.PoissonInput;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.Projection;
import org.zaploop.sim.model.SynapseType;
import org.zaploop.sim.networks.VogelsAbbott;

class DeterminismTest {

    /** A network exercising Poisson input, mixed delays (ring) and both connection rules. */
    static NetworkSpec mixedSpec() {
        LifParams lif = new LifParams(20, 200, -65, -50, -65, 2, 5, 10);
        InitialState init = InitialState.uniformV(-65, -50);
        return new NetworkSpec(0.1, List.of(
                new Population("e", 1500, lif, init, new PoissonInput(1500, 2.5, SynapseType.EXC), 0),
                new Population("i", 500, lif, init, new PoissonInput(1500, 2.5, SynapseType.EXC), 0)),
                List.of(new Projection("e", "e", new FixedProbability(0.02, false), SynapseType.EXC, 0.4, 1.5),
                        new Projection("e", "i", new FixedInDegree(30, true), SynapseType.EXC, 0.4, 0.8),
                        new Projection("i", "e", new FixedProbability(0.05, true), SynapseType.INH, -1.5, 0.5),
                        new Projection("i", "i", new FixedInDegree(25, false), SynapseType.INH, -1.5, 2.0)));
    }

    static SpikeMonitor run(NetworkSpec spec, long seed, int threads, long steps) {
        Network net = NetworkBuilder.build(spec, seed);
        SpikeMonitor mon = new SpikeMonitor();
        try (Simulator sim = new Simulator(net, threads)) {
            sim.addRecorder(mon);
            sim.run(steps / 2);
            sim.run(steps - steps / 2);
        }
        return mon;
    }

    @Test
    void sameSeedAndThreadsGiveIdenticalSpikeTrains() {
        SpikeMonitor a = run(mixedSpec(), 42, 2, 3000);
        SpikeMonitor b = run(mixedSpec(), 42, 2, 3000);
        assertTrue(a.size() > 100, "network should be active, got " + a.size() + " spikes");
        assertArrayEquals(a.steps(), b.steps());
        assertArrayEquals(a.neurons(), b.neurons());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalSpikeTrains() {
        // partitions are whole 256-neuron RNG blocks and each target sums its inputs in global
        // source order, so the thread count does not change a single bit
        SpikeMonitor a = run(mixedSpec(), 7, 1, 3000);
        SpikeMonitor b = run(mixedSpec(), 7, 2, 3000);
        assertArrayEquals(a.steps(), b.steps());
        assertArrayEquals(a.neurons(), b.neurons());
        // three threads on a two-core machine: correct, only slow, so keep it short
        SpikeMonitor a3 = run(mixedSpec(), 7, 1, 400);
        SpikeMonitor c3 = run(mixedSpec(), 7, 3, 400);
        assertArrayEquals(a3.neurons(), c3.neurons());
        assertArrayEquals(a3.steps(), c3.steps());
        SpikeMonitor cuba1 = run(VogelsAbbott.cuba(4000, 80, 0.1), 3, 1, 2000);
        SpikeMonitor cuba2 = run(VogelsAbbott.cuba(4000, 80, 0.1), 3, 2, 2000);
        assertArrayEquals(cuba1.neurons(), cuba2.neurons());
        assertArrayEquals(cuba1.steps(), cuba2.steps());
    }

    @Test
    void differentSeedsDiffer() {
        SpikeMonitor a = run(mixedSpec(), 1, 1, 1000);
        SpikeMonitor b = run(mixedSpec(), 2, 1, 1000);
        assertFalse(a.size() == b.size() && java.util.Arrays.equals(a.neurons(), b.neurons()));
    }

    @Test
    void populationRateMonitorCountsEverySpike() {
        NetworkSpec spec = mixedSpec();
        Network net = NetworkBuilder.build(spec, 5);
        SpikeMonitor mon = new SpikeMonitor();
        PopulationRateMonitor rates = new PopulationRateMonitor(net, 100);
        try (Simulator sim = new Simulator(net, 2)) {
            sim.addRecorder(mon);
            sim.addRecorder(rates);
            sim.run(1000);
        }
        assertEquals(10, rates.bins());
        int total = 0;
        for (int b = 0; b < rates.bins(); b++) {
            total += rates.count(b, 0) + rates.count(b, 1);
        }
        assertEquals(mon.size(), total);
    }
}
