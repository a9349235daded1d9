package org.zaploop.sim.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.NetworkBuilder;
import org.zaploop.sim.engine.PopulationRateMonitor;
import org.zaploop.sim.engine.Simulator;
import org.zaploop.sim.model.NetworkSpec;

class ZebrafishNetworkTest {

    @Test
    void defaultSizeAndPositionsInsideTheirRegionsAndVolume() {
        NetworkSpec spec = ZebrafishNetwork.spec(ZebrafishNetwork.DEFAULT_NEURONS, 10, 0.1, 3);
        assertEquals(71_721, spec.neuronCount());
        Network net = NetworkBuilder.build(spec, 1);
        float[] pos = net.positionsUm();
        int[] region = net.regionIndex();
        for (int i = 0; i < net.size(); i += 97) {
            BrainRegion r = ZebrafishNetwork.regions().get(region[i]);
            double dx = (pos[3 * i] - r.cxUm()) / r.rxUm();
            double dy = (pos[3 * i + 1] - r.cyUm()) / r.ryUm();
            double dz = (pos[3 * i + 2] - r.czUm()) / r.rzUm();
            assertTrue(dx * dx + dy * dy + dz * dz <= 1.0001, "neuron " + i + " outside " + r.name());
            assertTrue(pos[3 * i] >= 0 && pos[3 * i] <= ZebrafishNetwork.VOLUME_X_UM);
            assertTrue(pos[3 * i + 2] >= 0 && pos[3 * i + 2] <= ZebrafishNetwork.VOLUME_Z_UM);
            assertEquals(spec.regionNames().get(region[i]), r.name());
        }
    }

    @Test
    void gratingDrivesPretectumMotorPoolsAndCerebellum() {
        NetworkSpec spec = ZebrafishNetwork.spec(6000, 80, 0.1, 1);
        Network net = NetworkBuilder.build(spec, 2);
        int pt = net.populationIndex("pretectum_left");
        int motor = net.populationIndex(ZebrafishNetwork.MOTOR_LEFT);
        int cerebellum = net.populationIndex("cerebellum");
        try (Simulator sim = new Simulator(net, 2)) {
            sim.run(2000); // settle
            PopulationRateMonitor off = new PopulationRateMonitor(net, 3000);
            sim.addRecorder(off);
            sim.run(3000);
            sim.removeRecorder(off);
            net.applyStimulus(ZebrafishNetwork.defaultDrive(), "GRATING", Map.of("velocity", 10.0));
            sim.run(1000);
            PopulationRateMonitor on = new PopulationRateMonitor(net, 3000);
            sim.addRecorder(on);
            sim.run(3000);
            double ptOff = off.rateHz(0, pt);
            double ptOn = on.rateHz(0, pt);
            assertTrue(ptOff > 0.5 && ptOff < 30, "spontaneous pretectum rate " + ptOff);
            assertTrue(ptOn > 3 * ptOff, "grating drive: " + ptOff + " -> " + ptOn + " Hz");
            assertTrue(on.rateHz(0, motor) > off.rateHz(0, motor), "motor pool follows the drive");
            // no stimulus drives the cerebellum directly: it hears the grating through its afferents
            assertTrue(on.rateHz(0, cerebellum) > 1.5 * off.rateHz(0, cerebellum), "cerebellum follows its "
                    + "afferents: " + off.rateHz(0, cerebellum) + " -> " + on.rateHz(0, cerebellum) + " Hz");
        }
    }
}
