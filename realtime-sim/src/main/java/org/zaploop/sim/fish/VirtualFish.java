package org.zaploop.sim.fish;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A larval zebrafish under a light-sheet microscope with a tail recording, simulated: it acts as a rig.
 *
 * <p>Each {@link #tick()} advances the session by one ephys block: the brain sees the current stimulus (with
 * the closed visual loop), spikes, the tail swims accordingly, the calcium indicator follows the spikes, and
 * every plane whose acquisition time has come is rendered. Everything the rig produces goes to a
 * {@link RigOutput}. Not thread-safe except {@link #command}, which may be called from any thread.
 */
public final class VirtualFish {

    /**
     * @param geometry  the imaged volume
     * @param indicator calcium indicator kinetics
     * @param camera    optics and camera noise
     * @param motion    the fish's movement
     * @param tail      tail electrophysiology
     * @param blockS    length of one ephys block (and of one tick), s
     * @param seed      seed of every random choice in the fish (not of the brain)
     * @param nucleusSpacingUm smallest distance between two neurons' centres, µm: nuclei do not interpenetrate,
     *                  so the default is one nucleus diameter (2 × {@link CameraParams#nucleusRadiusUm()}, 6 µm);
     *                  0 places neurons uniformly without exclusion (overlapping nuclei image as one blob)
     */
    public record Config(FishGeometry geometry, CalciumIndicator.Params indicator, CameraParams camera,
                         MotionParams motion, TailEphys.Params tail, double blockS, long seed,
                         double nucleusSpacingUm) {
        public Config {
            if (!(nucleusSpacingUm >= 0)) {
                throw new IllegalArgumentException("nucleus spacing must be ≥ 0 µm, got " + nucleusSpacingUm);
            }
            int samples = (int) Math.round(blockS * EphysLayout.SAMPLE_RATE_HZ);
            if (samples < 1 || Math.abs(samples - blockS * EphysLayout.SAMPLE_RATE_HZ) > 1e-6) {
                throw new IllegalArgumentException("ephys block must be a whole number of 6 kHz samples, got " + blockS + " s");
            }
        }

        public static Config defaults(FishGeometry geometry, long seed) {
            CameraParams camera = CameraParams.typical();
            return new Config(geometry, CalciumIndicator.Params.nuclearGcamp(), camera, MotionParams.typical(),
                    TailEphys.Params.typical(), 0.010, seed, 2 * camera.nucleusRadiusUm());
        }

        public Config withBlockS(double s) {
            return new Config(geometry, indicator, camera, motion, tail, s, seed, nucleusSpacingUm);
        }

        public Config withMotion(MotionParams m) {
            return new Config(geometry, indicator, camera, m, tail, blockS, seed, nucleusSpacingUm);
        }

        /** Neuron centres at least {@code um} apart (0: uniform placement without exclusion). */
        public Config withNucleusSpacingUm(double um) {
            return new Config(geometry, indicator, camera, motion, tail, blockS, seed, um);
        }

        int blockSamples() {
            return (int) Math.round(blockS * EphysLayout.SAMPLE_RATE_HZ);
        }
    }

    private final Config config;
    private final Brain brain;
    private final RigOutput out;
    private final long startNs;
    private final PlaneClock clock;
    private final CalciumIndicator calcium;
    private final PlaneRenderer renderer;
    private final Motion motion;
    private final TailEphys tail;
    private final VisualWorld world = new VisualWorld();
    private final ConcurrentLinkedQueue<FishCommand> inbox = new ConcurrentLinkedQueue<>();
    private final int[] homePlane;
    private final int[] spikeCounts;
    private final double[] motorDrive = new double[2];
    private final float[] dff;
    private final float[] fluorescence;
    private final float[] truth;
    private final float[] truthCalcium;
    private final float[] calciumNow;
    private final int[] frameSpikes;
    private final short[] pixels;
    private final float[] ephysBlock;
    private long ticks;
    private boolean blockPending;
    private long pendingFirstSample;
    private long nextPlane;
    private long lastSeq = -1;
    private long activeUntilNs = Long.MAX_VALUE;
    private long droppedCommands;
    private long expiredCommands;

    /**
     * @param startNs session start on the ZapLoop clock (ns since the Unix epoch); acquisition times count from it
     */
    public VirtualFish(Config config, Brain brain, RigOutput out, long startNs) {
        this.config = config;
        this.brain = brain;
        this.out = out;
        this.startNs = startNs;
        FishGeometry g = config.geometry();
        this.clock = new PlaneClock(g);
        int n = brain.neurons();
        float[] positions = brain.positionsUm();
        this.calcium = new CalciumIndicator(config.indicator(), n);
        this.renderer = new PlaneRenderer(g, config.camera(), positions, config.seed());
        this.motion = new Motion(config.motion(), config.seed() + 1);
        this.tail = new TailEphys(config.tail(), config.seed() + 2);
        this.homePlane = new int[n];
        for (int i = 0; i < n; i++) {
            homePlane[i] = Math.max(0, Math.min(g.depth() - 1, (int) Math.round(positions[3 * i + 2] / g.voxelZUm())));
        }
        this.spikeCounts = new int[n];
        this.dff = new float[n];
        this.fluorescence = new float[n];
        this.truth = new float[n];
        this.truthCalcium = new float[n];
        this.calciumNow = new float[n];
        this.frameSpikes = new int[n];
        this.pixels = new short[g.pixelsPerPlane()];
        this.ephysBlock = new float[config.blockSamples() * EphysLayout.CHANNELS];
        out.presented(world.stimulus(), world.params(), world.condition(), startNs, -1, "session start");
    }

    /** Queues a stimulus command; it takes effect at the next tick inside its validity window. */
    public void command(FishCommand c) {
        inbox.add(c);
    }

    /** Advances the session by one ephys block and sends what the rig acquired in it. */
    public void tick() {
        simulateBlock();
        releaseBlock();
    }

    /**
     * Simulates the next ephys block: the brain, the tail's samples and the indicator over it. Nothing is sent: a
     * real rig's samples exist when they are acquired, so a runner locked to the wall clock simulates a block ahead
     * and {@link #releaseBlock() releases} it once its last sample is due. The simulation's own cost then never
     * counts as loop latency, and a command changes the stimulus from the first block simulated after it arrived
     * (not retroactively from a block whose start had already passed).
     */
    public void simulateBlock() {
        if (blockPending) {
            throw new IllegalStateException("the simulated block has not been released yet");
        }
        double t0 = timeS();
        long nowNs = startNs + Math.round(t0 * 1e9);
        applyCommands(nowNs);

        VisualWorld.Percept p = world.percept(t0, tail.currentVigor());
        brain.perceive(p.stimulus(), p.params());
        brain.advance(config.blockS(), spikeCounts, motorDrive);

        tail.setMotorDrive(motorDrive[0], motorDrive[1]);
        pendingFirstSample = tail.nextSample();
        tail.fill(ephysBlock, config.blockSamples(), clock, world.conditionChannel(),
                world.perceivedForwardFlow(tail.currentVigor()), world.gain());

        calcium.step(config.blockS(), spikeCounts);
        for (int i = 0; i < spikeCounts.length; i++) {
            frameSpikes[i] += spikeCounts[i];
            spikeCounts[i] = 0;
        }
        ticks++;
        blockPending = true;
    }

    /** Sends the simulated block's ephys, then every plane acquired by its end. */
    public void releaseBlock() {
        releaseEphys();
        releasePlanes();
    }

    /** Sends the simulated block's ephys: the part of a release that starts the closed loop's first hop. */
    public void releaseEphys() {
        if (!blockPending) {
            throw new IllegalStateException("no simulated block to release");
        }
        blockPending = false;
        long first = pendingFirstSample;
        out.ephys(first, startNs + Math.round(first / EphysLayout.SAMPLE_RATE_HZ * 1e9), ephysBlock, config.blockSamples());
    }

    /** Renders and sends every plane acquired by the end of the released block (bulk work, not the loop's). */
    public void releasePlanes() {
        renderDuePlanes(timeS());
    }

    private void applyCommands(long nowNs) {
        FishCommand c;
        while ((c = inbox.peek()) != null && c.validFromNs() <= nowNs) {
            inbox.poll();
            if (c.seq() <= lastSeq) {
                droppedCommands++; // a duplicate delivery (at-least-once) or a stale reordering
                continue;
            }
            lastSeq = c.seq();
            if (c.validUntilNs() <= nowNs) {
                expiredCommands++;
                out.presented(world.stimulus(), world.params(), world.condition(), nowNs, c.seq(),
                        "command " + c.seq() + " arrived after its validity window: ignored");
                continue;
            }
            world.present(c.stimulus(), c.params(), c.condition(), timeS());
            activeUntilNs = c.validUntilNs();
            out.presented(c.stimulus(), c.params(), c.condition(), nowNs, c.seq(), "");
        }
        if (nowNs >= activeUntilNs) {
            // No fresh command: the rig never keeps stimulating on a decision that has gone stale.
            world.present("SAFE_STATE", Map.of(), -1, timeS());
            activeUntilNs = Long.MAX_VALUE;
            out.presented("SAFE_STATE", Map.of(), -1, nowNs, -1, "last command's validity window ended");
        }
    }

    private void renderDuePlanes(double untilS) {
        FishGeometry g = config.geometry();
        while (true) {
            long frame = nextPlane / g.depth();
            int z = (int) (nextPlane % g.depth());
            double startS = clock.planeStartS(frame, z);
            if (startS > untilS) {
                return;
            }
            calcium.trueDff(dff);
            calcium.calcium(calciumNow);
            float bleach = (float) calcium.bleachFactor();
            for (int i = 0; i < dff.length; i++) {
                fluorescence[i] = bleach * (1 + dff[i]);
                if (homePlane[i] == z) {
                    truth[i] = dff[i];
                    truthCalcium[i] = calciumNow[i];
                }
            }
            if (out.wantsPlanes()) {
                renderer.render(z, motion, fluorescence, pixels);
                out.plane(frame, z, startNs + Math.round(startS * 1e9), pixels);
            }
            nextPlane++;
            if (z == g.depth() - 1) {
                double[] shift = {motion.dxUm() / g.voxelXyUm(), motion.dyUm() / g.voxelXyUm(), motion.dzUm() / g.voxelZUm()};
                out.groundTruth(new FrameTruth(frame, truth, truthCalcium, frameSpikes, shift));
                java.util.Arrays.fill(frameSpikes, 0);
                motion.nextVolume();
            }
        }
    }

    /** Session start on the ZapLoop clock (ns since the epoch): acquisition times count from it. */
    public long startNs() {
        return startNs;
    }

    /** Simulated seconds since the session start, to the end of the newest simulated block. */
    public double timeS() {
        return ticks * config.blockS();
    }

    public Config config() {
        return config;
    }

    public Brain brain() {
        return brain;
    }

    /** Volumes completed so far. */
    public long volumes() {
        return nextPlane / config.geometry().depth();
    }

    public long droppedCommands() {
        return droppedCommands;
    }

    public long expiredCommands() {
        return expiredCommands;
    }

    public java.util.List<Bout> bouts() {
        return tail.bouts();
    }

    /** Bouts so far, without copying the list. */
    public long boutCount() {
        return tail.boutCount();
    }

    public PlaneRenderer renderer() {
        return renderer;
    }

    public Motion motion() {
        return motion;
    }

    public VisualWorld world() {
        return world;
    }
}
