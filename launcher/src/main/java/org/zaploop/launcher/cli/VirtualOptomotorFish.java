package org.zaploop.launcher.cli;

import java.util.Arrays;
import java.util.Map;
import org.zaploop.controller.bench.OptomotorFish;
import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.behavior.topology.BehaviorCounters;
import org.zaploop.processors.behavior.topology.BehaviorTopology;
import org.zaploop.processors.behavior.topology.TailBehaviors;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.SampleType;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.sim.fish.EphysLayout;
import org.zaploop.sim.fish.FishCommand;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.RigOutput;
import org.zaploop.sim.fish.StandardFish;
import org.zaploop.sim.fish.VirtualFish;

/**
 * The virtual fish (realtime-sim's standard fish: spiking brain, tail ephys, visual world) with the behaviour
 * stage's swim detector on its ephys, for {@code zaploop bench policy}'s optomotor gain response. In-process, as fast
 * as the simulation runs; imaging is rendered at a token size (the loop reads only the tail).
 */
public final class VirtualOptomotorFish implements OptomotorFish {

    /** A small brain and a token camera: the benchmark measures behaviour, not imaging. */
    static final FishGeometry GEOMETRY = new FishGeometry(32, 24, 2, 26.0, 144.0, FishGeometry.ZAPBENCH_VOLUME_PERIOD_S,
            3000);
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Override
    public String description() {
        return "virtual fish (" + GEOMETRY.neurons() + "-neuron spiking brain, 6 kHz tail ephys, 10 ms blocks) "
                + "→ swim detector → optomotor policy (rig-side loop) → safety envelope";
    }

    @Override
    public Session open(long seed) {
        return new FishSession(seed);
    }

    private static final class FishSession implements Session, RigOutput {

        private final StandardFish standard;
        private final TailBehaviors behaviour = new TailBehaviors(SwimConfig.defaults(),
                BehaviorTopology.MAX_TAIL_CHANNELS, new BehaviorCounters(), s -> null);
        private Behavior last;

        FishSession(long seed) {
            this.standard = StandardFish.build(VirtualFish.Config.defaults(GEOMETRY, seed), this, T0, 1);
        }

        @Override
        public long startNs() {
            return standard.fish().startNs();
        }

        @Override
        public Behavior step() {
            last = null;
            standard.fish().tick();
            return last;
        }

        @Override
        public void command(StimulusCommand c) {
            standard.fish().command(new FishCommand(c.seq(), c.stimulus().name(), c.params(),
                    c.condition() == null ? -1 : c.condition(), c.validFromNs(), c.validUntilNs()));
        }

        @Override
        public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
            EphysBlock b = new EphysBlock("bench-gain", firstSample, EphysLayout.SAMPLE_RATE_HZ, acquisitionNs,
                    EphysLayout.CHANNELS, samples, SampleType.FLOAT32, 1f,
                    Arrays.copyOf(data, samples * EphysLayout.CHANNELS));
            last = behaviour.onBlock(b);
        }

        @Override
        public void plane(long frame, int z, long acquisitionNs, short[] pixels) {
        }

        @Override
        public void presented(String stimulus, Map<String, Double> params, int condition, long acquisitionNs,
                              long commandSeq, String note) {
        }

        @Override
        public void close() {
            standard.close();
        }
    }
}
