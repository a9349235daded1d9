package org.zaploop.sim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zaploop.sim.model.NetworkSpec;

class StateCopyTest {

    @Test
    void restoredStateSimulatedForwardEqualsOriginal() {
        NetworkSpec spec = DeterminismTest.mixedSpec();
        Network net = NetworkBuilder.build(spec, 11);
        try (Simulator sim = new Simulator(net, 2)) {
            sim.run(700); // mid-run: spikes in flight in the delay ring, neurons refractory
            NetworkState snap = net.copyState();
            SpikeMonitor first = new SpikeMonitor();
            sim.addRecorder(first);
            sim.run(1500);
            sim.removeRecorder(first);
            float[] vAfter = net.copyV(new float[net.size()]);

            net.restoreState(snap);
            assertEquals(700, net.step());
            SpikeMonitor second = new SpikeMonitor();
            sim.addRecorder(second);
            sim.run(1500);
            assertTrue(first.size() > 50);
            assertArrayEquals(first.steps(), second.steps());
            assertArrayEquals(first.neurons(), second.neurons());
            assertArrayEquals(vAfter, net.copyV(new float[net.size()]));
        }
    }

    @Test
    void forkSimulatesAheadIndependently() {
        Network net = NetworkBuilder.build(DeterminismTest.mixedSpec(), 12);
        try (Simulator sim = new Simulator(net, 1)) {
            sim.run(500);
            Network twin = net.fork();
            SpikeMonitor ahead = new SpikeMonitor();
            try (Simulator twinSim = new Simulator(twin, 2)) {
                twinSim.addRecorder(ahead);
                twinSim.run(800);
            }
            assertEquals(500, net.step(), "the original does not move when its fork runs");
            SpikeMonitor real = new SpikeMonitor();
            sim.addRecorder(real);
            sim.run(800);
            assertArrayEquals(ahead.neurons(), real.neurons());
            assertArrayEquals(ahead.steps(), real.steps());
        }
    }
}
