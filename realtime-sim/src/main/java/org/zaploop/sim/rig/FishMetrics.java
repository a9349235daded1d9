package org.zaploop.sim.rig;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.concurrent.TimeUnit;
import org.zaploop.sim.fish.FishRunner;
import org.zaploop.sim.fish.VirtualFish;

/**
 * The virtual fish's meters: real-time factor and lag of the simulation, what it sent to Kafka, its swim bouts,
 * the closed-loop gain it is shown, and the stimulus commands it received, rejected, dropped as duplicates or
 * found expired. All are read from the running objects when Prometheus scrapes; nothing is counted twice.
 */
public final class FishMetrics {

    private FishMetrics() {
    }

    public static void register(MeterRegistry meters, FishRunner runner, KafkaRigOutput output, CommandListener commands) {
        VirtualFish fish = runner.fish();
        Gauge.builder("zaploop.sim.realtime.factor", runner, FishRunner::realTimeFactor)
                .description("simulated seconds per wall second over the last second")
                .tag("sim", "fish").register(meters);
        TimeGauge.builder("zaploop.sim.lag", runner, TimeUnit.SECONDS, FishRunner::lagSeconds)
                .description("how far the simulation is behind the wall clock")
                .tag("sim", "fish").register(meters);
        FunctionCounter.builder("zaploop.rig.records", output, KafkaRigOutput::sentPlanes)
                .description("records the rig published and Kafka acknowledged").tag("data", "plane").register(meters);
        FunctionCounter.builder("zaploop.rig.records", output, KafkaRigOutput::sentEphysBlocks)
                .description("records the rig published and Kafka acknowledged").tag("data", "ephys").register(meters);
        FunctionCounter.builder("zaploop.rig.send.errors", output, KafkaRigOutput::sendErrors)
                .description("records Kafka refused").register(meters);
        FunctionCounter.builder("zaploop.fish.bouts", fish, VirtualFish::boutCount)
                .description("swim bouts of the virtual fish").register(meters);
        FunctionCounter.builder("zaploop.fish.volumes", fish, VirtualFish::volumes)
                .description("volumes acquired so far").register(meters);
        Gauge.builder("zaploop.fish.stimulus.gain", fish, f -> f.world().gain())
                .description("closed-loop gain of the stimulus the fish sees now (0 when no grating is shown)")
                .register(meters);
        if (fish.brain() instanceof org.zaploop.sim.fish.SpikingBrain brain) {
            for (int r = 0; r < brain.regionNames().size(); r++) {
                int region = r;
                String name = brain.regionNames().get(r);
                FunctionCounter.builder("zaploop.sim.spikes", brain, b -> b.regionSpikes(region))
                        .description("spikes fired by the simulated brain, by region (rate / neurons = firing rate)")
                        .tags("sim", "fish", "region", name).register(meters);
                Gauge.builder("zaploop.sim.region.neurons", brain, b -> b.regionSize(region))
                        .description("neurons of the simulated brain, by region")
                        .tags("sim", "fish", "region", name).register(meters);
            }
        }
        FunctionCounter.builder("zaploop.rig.commands", commands, CommandListener::received)
                .description("stimulus commands by outcome").tag("outcome", "received").register(meters);
        FunctionCounter.builder("zaploop.rig.commands", commands, CommandListener::rejected)
                .description("stimulus commands by outcome").tag("outcome", "malformed").register(meters);
        FunctionCounter.builder("zaploop.rig.commands", fish, VirtualFish::droppedCommands)
                .description("stimulus commands by outcome").tag("outcome", "duplicate").register(meters);
        FunctionCounter.builder("zaploop.rig.commands", fish, VirtualFish::expiredCommands)
                .description("stimulus commands by outcome").tag("outcome", "expired").register(meters);
    }
}
