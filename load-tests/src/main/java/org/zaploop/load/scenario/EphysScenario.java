package org.zaploop.load.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.ControllerMeters;
import org.zaploop.controller.ControllerService;
import org.zaploop.load.LoadProbe;
import org.zaploop.load.LoadScenario;
import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.behavior.fastpath.BehaviorFastPath;
import org.zaploop.processors.behavior.fastpath.FastPathConfig;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.sim.fish.EphysLayout;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.FishRunner;
import org.zaploop.sim.fish.RigOutput;
import org.zaploop.sim.fish.StandardFish;
import org.zaploop.sim.fish.VirtualFish;
import org.zaploop.sim.rig.CommandListener;
import org.zaploop.sim.rig.KafkaRigOutput;

/**
 * {@code ephys}: the closed loop's fast path under sustained load. The virtual fish writes its tail
 * electrophysiology (10 channels at 6 kHz, in blocks) to {@code zl.ephys.blocks} in real time; the behaviour fast
 * path ({@link BehaviorFastPath}) turns it into {@code zl.behavior}; the controller (optomotor policy, safety
 * envelope) answers on {@code zl.stimulus.commands}; the fish's command listener applies each command and times it
 * from the acquisition of the newest sample the decision used. The fish's camera output is not sent (its brain is
 * small: the loop, not the brain, is under test; {@code volumes} loads the imaging path). The fish keeps real time:
 * a ramp does not speed it up. Lag: the behaviour stage's group.
 */
public final class EphysScenario implements LoadScenario {

    public static final String SESSION = "load-ephys";
    public static final String GROUP = "zaploop-load-behavior";
    public static final String MAIN = "ephys: sample acquired → command at the fish";

    private final double blockS;
    private final int neurons;
    private KafkaRigOutput output;
    private StandardFish fish;
    private FishRunner runner;
    private CommandListener listener;
    private BehaviorFastPath behaviour;
    private ControllerService controller;

    /**
     * @param blockS  ephys block length, s (a whole number of 6 kHz samples)
     * @param neurons neurons of the fish's brain
     */
    public EphysScenario(double blockS, int neurons) {
        this.blockS = blockS;
        this.neurons = neurons;
    }

    @Override
    public String name() {
        return "ephys";
    }

    @Override
    public void start(String bootstrap, LoadProbe probe) {
        var behaviourOut = probe.latency("ephys: behaviour record sent");
        var controllerIn = probe.latency("ephys: behaviour read by the controller");
        var commandSent = probe.latency("ephys: command sent by the controller");
        var loop = probe.latency(MAIN);
        LoadProbe.Flow blocks = probe.flow("ephys blocks sent to zl.ephys.blocks");
        LoadProbe.Flow commands = probe.flow("commands applied by the fish");
        behaviour = new BehaviorFastPath(FastPathConfig.defaults().withGroupId(GROUP), SwimConfig.defaults(),
                (stage, ns) -> {
                    if (stage.equals(BehaviorFastPath.STAGE_OUT)) {
                        behaviourOut.record(ns);
                    }
                }).start(bootstrap);
        controller = new ControllerService(ControllerConfig.defaults(bootstrap, SESSION)
                .withPolicy("optomotor", Map.of("loop", "controller")).withHttp(0, null),
                new SimpleMeterRegistry(), line -> { })
                .observeStages((stage, ns) -> {
                    if (stage.equals(ControllerMeters.STAGE_IN)) {
                        controllerIn.record(ns);
                    } else if (stage.equals(ControllerMeters.STAGE_SENT)) {
                        commandSent.record(ns);
                    }
                }).start();
        // the loop's geometry of `zaploop bench loop`: small planes, a small brain
        FishGeometry g = new FishGeometry(128, 84, 6, 6.5, 48, FishGeometry.ZAPBENCH_VOLUME_PERIOD_S, neurons);
        output = new KafkaRigOutput(bootstrap, SESSION, g, new Properties(), new SimpleMeterRegistry());
        RigOutput ephysOnly = new RigOutput() {
            @Override
            public void plane(long frame, int z, long acquisitionNs, short[] pixels) {
            }

            @Override
            public void ephys(long firstSample, long acquisitionNs, float[] data, int samples) {
                output.ephys(firstSample, acquisitionNs, data, samples);
                blocks.add(1, (long) samples * EphysLayout.CHANNELS * Float.BYTES);
            }

            @Override
            public void presented(String stimulus, Map<String, Double> params, int condition, long acquisitionNs,
                                  long commandSeq, String note) {
                output.presented(stimulus, params, condition, acquisitionNs, commandSeq, note);
            }
        };
        fish = StandardFish.build(VirtualFish.Config.defaults(g, 11).withBlockS(blockS), ephysOnly,
                ZapLoopClock.nowNs(), 1);
        VirtualFish f = fish.fish();
        listener = new CommandListener(bootstrap, SESSION, f::command, ns -> {
            loop.record(ns);
            commands.add(1, 0);
        }).start();
        runner = new FishRunner(f, 1.0, line -> org.slf4j.LoggerFactory.getLogger(EphysScenario.class).warn(line))
                .start();
    }

    /** The fish keeps real time (6 kHz); a ramp changes the other scenarios' rates only. */
    @Override
    public void rate(double multiplier) {
        throw new UnsupportedOperationException("the ephys scenario runs at the fish's real time (6 kHz); "
                + "ramp traces or volumes instead");
    }

    @Override
    public boolean rampable() {
        return false;
    }

    @Override
    public List<String> consumerGroups() {
        return List.of(GROUP);
    }

    @Override
    public String mainStream() {
        return MAIN;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ephys: sampling", EphysLayout.CHANNELS + " channels at " + (int) EphysLayout.SAMPLE_RATE_HZ
                + " Hz, blocks of " + blockS * 1000 + " ms, real time");
        m.put("ephys: loop", "behaviour fast path (at-least-once, acks=1) → optomotor policy → safety → fish");
        m.put("ephys: fish brain", neurons + " neurons");
        return m;
    }

    @Override
    public List<String> notes() {
        List<String> n = new ArrayList<>();
        if (runner != null && runner.failure() != null) {
            n.add("ephys: the fish stopped: " + runner.failure());
        }
        if (runner != null && runner.realTimeFactor() < 0.95) {
            n.add(String.format(java.util.Locale.ROOT, "ephys: the fish ran at %.2f × real time (it could not keep "
                    + "its 6 kHz on this machine)", runner.realTimeFactor()));
        }
        if (output != null && output.sendErrors() > 0) {
            n.add("ephys: " + output.sendErrors() + " ephys blocks could not be sent: " + output.lastError());
        }
        return n;
    }

    @Override
    public void close() {
        Closer.close(runner, listener, controller, behaviour, fish, output);
    }
}
