package org.zaploop.launcher.components;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.FishRunner;
import org.zaploop.sim.fish.StandardFish;
import org.zaploop.sim.fish.VirtualFish;
import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.sim.rig.CommandListener;
import org.zaploop.sim.rig.FishMetrics;
import org.zaploop.sim.rig.KafkaRigOutput;

/**
 * The virtual fish as the demo's rig: planes, ephys and rig events to Kafka in real time (× speed), stimulus
 * commands from Kafka.
 */
public final class FishComponent implements Component {

    private static final Logger log = LoggerFactory.getLogger(FishComponent.class);

    private final ComponentContext ctx;
    private final FishGeometry geometry;
    private final double speed;
    private final double blockS;
    private final java.util.function.LongConsumer loopLatency;
    private java.util.function.LongConsumer releaseLateness = ns -> { };
    private KafkaRigOutput output;
    private StandardFish standardFish;
    private CommandListener listener;
    private FishRunner runner;

    public FishComponent(ComponentContext ctx) {
        this(ctx, FishGeometry.named(ctx.scale()), 1.0);
    }

    /**
     * @param speed 1 for real time, more for faster, 0 for as fast as possible
     */
    public FishComponent(ComponentContext ctx, FishGeometry geometry, double speed) {
        this(ctx, geometry, speed, 0.010, ns -> { });
    }

    /**
     * @param blockS      length of one ephys block (the rig's fast-path granularity), s
     * @param loopLatency also told each command's end-to-end latency, ns (the loop benchmark's histogram)
     */
    public FishComponent(ComponentContext ctx, FishGeometry geometry, double speed, double blockS,
                         java.util.function.LongConsumer loopLatency) {
        this.ctx = ctx;
        this.geometry = geometry;
        this.speed = speed;
        this.blockS = blockS;
        this.loopLatency = loopLatency;
    }

    /** Also told, for every ephys block, how late after its last sample the fish sent it, ns (before {@link #start}). */
    public FishComponent observeRelease(java.util.function.LongConsumer lateNs) {
        this.releaseLateness = lateNs;
        return this;
    }

    @Override
    public String name() {
        return "fish";
    }

    @Override
    public void start() {
        long t0 = System.nanoTime();
        output = new KafkaRigOutput(ctx.bootstrap(), ctx.session(), geometry, new Properties(), ctx.meters());
        int threads = geometry.neurons() > 20_000 ? 2 : 1;
        standardFish = StandardFish.build(VirtualFish.Config.defaults(geometry, ctx.session().hashCode()).withBlockS(blockS), output,
                ZapLoopClock.nowNs(), threads);
        VirtualFish fish = standardFish.fish();
        publishSegmentation(fish);
        io.micrometer.core.instrument.Timer endToEnd = io.micrometer.core.instrument.Timer.builder("zaploop.stage.latency")
                .description("time from the acquisition of the data to the end of the stage")
                .tags("stage", "loop", "data", "command").publishPercentileHistogram().register(ctx.meters());
        listener = new CommandListener(ctx.bootstrap(), ctx.session(), fish::command, ns -> {
            endToEnd.record(ns, java.util.concurrent.TimeUnit.NANOSECONDS);
            loopLatency.accept(ns);
        }).start();
        runner = new FishRunner(fish, speed, log::warn).observeRelease(releaseLateness).start();
        FishMetrics.register(ctx.meters(), runner, output, listener);
        log.info("Virtual fish ready: {} neurons, {} × {} × {} voxels, a volume every {} s (built in {} ms)",
                geometry.neurons(), geometry.width(), geometry.height(), geometry.depth(), geometry.volumePeriodS(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The virtual fish ships the segmentation of its own brain (label volume and neuron table), as a lab ships one
     * computed offline from an anatomy stack; the imaging processor extracts traces with it.
     */
    private void publishSegmentation(VirtualFish fish) {
        int[] labels = fish.renderer().labels();
        int plane = geometry.width() * geometry.height();
        try (SegmentationPublisher publisher = new SegmentationPublisher(ctx.bootstrap())) {
            int blocks = publisher.publish(SegmentationPublisher.blocks(ctx.session(), 1, geometry.width(),
                    geometry.height(), geometry.depth(), fish.startNs(),
                    (z, dest) -> System.arraycopy(labels, z * plane, dest, 0, plane), null));
            log.info("Published the fish's segmentation: {} neurons in {} blocks", geometry.neurons(), blocks);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not publish the fish's segmentation: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (runner == null) {
            return s;
        }
        VirtualFish fish = runner.fish();
        s.put("rt", String.format("%.2fx", runner.realTimeFactor()));
        s.put("vol", fish.volumes());
        s.put("stim", fish.world().stimulus());
        s.put("bouts", fish.boutCount());
        s.put("cmds", listener.received());
        if (runner.lagSeconds() > 0.1) {
            s.put("lag", String.format("%.1fs", runner.lagSeconds()));
        }
        if (output.sendErrors() > 0) {
            s.put("sendErrors", output.sendErrors());
        }
        if (runner.failure() != null) {
            s.put("failed", runner.failure().toString());
        }
        return s;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (output != null) {
            output.close();
        }
        if (standardFish != null) {
            standardFish.close();
        }
    }
}
