package org.zaploop.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zaploop.sim.model.FromTable;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.Projection;
import org.zaploop.sim.model.SynapseType;

class DelayTest {

    private static final double DT = 0.1;
    private static final LifParams QUIET = new LifParams(20, 200, -70, -50, -70, 2, 5, 10);

    /** Neuron 0 spikes once (driven); neurons 1.. receive from it with the given delays (ms). */
    private static Network network(float... delaysMs) {
        int m = delaysMs.length;
        int[] src = new int[m];
        int[] tgt = new int[m];
        float[] w = new float[m];
        for (int k = 0; k < m; k++) {
            tgt[k] = k;
            w[k] = 1f;
        }
        NetworkSpec spec = new NetworkSpec(DT, List.of(
                new Population("driver", 1, QUIET, InitialState.at(-70)),
                new Population("targets", m, QUIET, InitialState.at(-70))),
                List.of(new Projection("driver", "targets", new FromTable(src, tgt, w, delaysMs), SynapseType.EXC, 0, 0)));
        return NetworkBuilder.build(spec, 3);
    }

    /** Steps one at a time; returns per target the first step after which its exc variable is non-zero. */
    private static long[] arrivals(Network net, SpikeMonitor mon, int threads) {
        int m = net.size() - 1;
        long[] arrival = new long[m];
        java.util.Arrays.fill(arrival, -1);
        net.injectCurrent(new int[] {0}, new float[] {400f});
        try (Simulator sim = new Simulator(net, threads)) {
            sim.addRecorder(mon);
            for (int s = 0; s < 600; s++) {
                long step = net.step();
                sim.run(1);
                if (mon.size() > 0) {
                    net.clearExternalCurrent(); // one spike is enough
                }
                for (int k = 0; k < m; k++) {
                    if (arrival[k] < 0 && net.synaptic(1 + k, 0) != 0f) {
                        arrival[k] = step;
                    }
                }
            }
        }
        return arrival;
    }

    @Test
    void spikeAtStepSWithDelayDArrivesAtStepSPlusD() {
        float[] delays = {0f, 0.1f, 0.5f, 1.0f, 2.5f, 7.3f};
        Network net = network(delays);
        assertTrue(!net.synapses().constantDelay());
        SpikeMonitor mon = new SpikeMonitor();
        long[] arrival = arrivals(net, mon, 1);
        assertTrue(mon.size() >= 1);
        long s = mon.step(0);
        for (int k = 0; k < delays.length; k++) {
            long d = Math.max(1, Math.round(delays[k] / DT)); // Brian's zero delay is one step here
            assertEquals(s + d, arrival[k], "delay " + delays[k] + " ms");
        }
    }

    @Test
    void constantDelayFastPathIsExactToo() {
        Network net = network(3f, 3f, 3f);
        assertTrue(net.synapses().constantDelay());
        SpikeMonitor mon = new SpikeMonitor();
        long[] arrival = arrivals(net, mon, 2);
        for (long a : arrival) {
            assertEquals(mon.step(0) + 30, a);
        }
    }
}
