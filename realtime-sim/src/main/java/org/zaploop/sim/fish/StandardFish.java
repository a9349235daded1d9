package org.zaploop.sim.fish;

import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.NetworkBuilder;
import org.zaploop.sim.engine.Simulator;
import org.zaploop.sim.networks.ZebrafishNetwork;

/**
 * The virtual fish as ZapLoop runs it by default: the {@link ZebrafishNetwork} regional network (as many
 * neurons as the geometry says, centres at least {@link VirtualFish.Config#nucleusSpacingUm()} apart) integrated
 * at 0.5 ms, behind the standard optics, indicator and tail.
 */
public final class StandardFish implements AutoCloseable {

    /** Integration step of the fish's brain: exact LIF integration is accurate at 0.5 ms and twice as cheap as 0.1. */
    public static final double BRAIN_DT_MS = 0.5;
    /** Connections per neuron of the fish's brain. */
    public static final double SYNAPSES_PER_NEURON = 60;
    /** Motor-pool rate (Hz) that gives half the maximal tail drive. */
    public static final double MOTOR_HALF_DRIVE_HZ = 1.5;

    private final Simulator simulator;
    private final SpikingBrain brain;
    private final VirtualFish fish;

    private StandardFish(Simulator simulator, SpikingBrain brain, VirtualFish fish) {
        this.simulator = simulator;
        this.brain = brain;
        this.fish = fish;
    }

    /**
     * @param threads engine threads (the renderer and Kafka run on others)
     * @param startNs session start on the ZapLoop clock
     */
    public static StandardFish build(VirtualFish.Config config, RigOutput out, long startNs, int threads) {
        FishGeometry g = config.geometry();
        Network net = NetworkBuilder.build(ZebrafishNetwork.spec(g.neurons(), SYNAPSES_PER_NEURON, BRAIN_DT_MS,
                config.seed(), config.nucleusSpacingUm()), config.seed() + 17);
        Simulator sim = new Simulator(net, threads);
        SpikingBrain brain = new SpikingBrain(net, sim, ZebrafishNetwork.defaultDrive(), ZebrafishNetwork.MOTOR_LEFT,
                ZebrafishNetwork.MOTOR_RIGHT, MOTOR_HALF_DRIVE_HZ);
        return new StandardFish(sim, brain, new VirtualFish(config, brain, out, startNs));
    }

    public VirtualFish fish() {
        return fish;
    }

    public SpikingBrain brain() {
        return brain;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
