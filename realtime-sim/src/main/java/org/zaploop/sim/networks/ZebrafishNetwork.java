package org.zaploop.sim.networks;

import java.util.ArrayList;
import java.util.List;
import org.zaploop.sim.engine.Rng;
import org.zaploop.sim.model.DriveRule;
import org.zaploop.sim.model.FixedProbability;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.PoissonInput;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.Projection;
import org.zaploop.sim.model.SensoryDrive;
import org.zaploop.sim.model.SynapseType;

/**
 * A zebrafish-like regional network: by default 71,721 LIF neurons (ZAPBench's segmented count)
 * placed in ellipsoidal regions of the ZAPBench volume (2048 × 1328 × 72 voxels of
 * 0.406 × 0.406 × 4 µm), 80 % excitatory and 20 % inhibitory per region, local recurrent
 * connectivity plus a visuomotor pathway pretectum → tectum → hindbrain → spinal motor pools.
 * The sensory pretectum receives stimulus drive ({@link #defaultDrive()}); the two motor
 * populations' activity drives the virtual fish's tail, with crossed inhibition between them.
 * Population {@code <region>} holds the excitatory, {@code <region>_inh} the inhibitory neurons;
 * each population's {@link Population#region()} indexes {@link NetworkSpec#regionNames()}.
 * The design is a plausible sketch for closing the loop, not a connectome.
 */
public final class ZebrafishNetwork {

    public static final int DEFAULT_NEURONS = 71_721;
    public static final double VOXEL_XY_UM = 0.406;
    public static final double VOXEL_Z_UM = 4.0;
    public static final double VOLUME_X_UM = 2048 * VOXEL_XY_UM;
    public static final double VOLUME_Y_UM = 1328 * VOXEL_XY_UM;
    public static final double VOLUME_Z_UM = 72 * VOXEL_Z_UM;
    public static final String MOTOR_LEFT = "motor_left";
    public static final String MOTOR_RIGHT = "motor_right";

    private static final List<BrainRegion> REGIONS = List.of(
            new BrainRegion("forebrain", 0.10, 110, 270, 150, 80, 100, 70, false),
            new BrainRegion("pretectum_left", 0.03, 230, 200, 150, 40, 45, 40, true),
            new BrainRegion("pretectum_right", 0.03, 230, 340, 150, 40, 45, 40, true),
            new BrainRegion("tectum_left", 0.14, 300, 150, 120, 110, 95, 80, false),
            new BrainRegion("tectum_right", 0.14, 300, 390, 120, 110, 95, 80, false),
            new BrainRegion("cerebellum", 0.08, 470, 270, 120, 50, 150, 60, false),
            new BrainRegion("hindbrain", 0.43, 630, 270, 150, 170, 120, 90, false),
            new BrainRegion(MOTOR_LEFT, 0.025, 780, 220, 160, 40, 35, 40, false),
            new BrainRegion(MOTOR_RIGHT, 0.025, 780, 320, 160, 40, 35, 40, false));

    /**
     * Leak reversal −57 mV, threshold −50, reset −60, refractory 2 ms. The Poisson background (500 Hz
     * of 2.5 mV kicks, mean +6 mV) keeps rates at a few Hz; few large kicks rather than many small
     * ones, because background events cost random numbers and dominate the step at 70k neurons.
     */
    private static final LifParams NEURON = new LifParams(20, 200, -60, -50, -60, 2, 5, 10);
    private static final double BACKGROUND_HZ = 500;
    private static final double BACKGROUND_MV = 3.0;
    private static final double MOTOR_BACKGROUND_MV = 2.4;
    private static final double W_LOCAL_EXC = 0.4;
    private static final double W_LOCAL_INH = -1.6;
    private static final double W_PATHWAY = 1.0;
    private static final double W_CROSSED_INH = -0.8;
    /** Share of a neuron's synapses that are local (within its region); the rest come from the pathway. */
    private static final double LOCAL_SHARE = 0.75;

    private ZebrafishNetwork() {
    }

    /** The regions, in population order. */
    public static List<BrainRegion> regions() {
        return REGIONS;
    }

    /** The default network: 71,721 neurons, 80 synapses per neuron, dt 0.1 ms. */
    public static NetworkSpec spec(long seed) {
        return spec(DEFAULT_NEURONS, 80, 0.1, seed);
    }

    /**
     * Builds the description; {@code seed} only places neurons (connectivity is drawn when the
     * network is built with its own seed). Neurons are placed uniformly without exclusion (for networks that are
     * never imaged); {@link #spec(int, double, double, long, double)} keeps centres apart.
     */
    public static NetworkSpec spec(int neurons, double synapsesPerNeuron, double dtMs, long seed) {
        return spec(neurons, synapsesPerNeuron, dtMs, seed, 0);
    }

    /**
     * As {@link #spec(int, double, double, long)}, with neuron centres at least {@code minSpacingUm} apart
     * ({@link NucleusPlacement}: one nucleus diameter is the physical minimum; 0 = no exclusion).
     */
    public static NetworkSpec spec(int neurons, double synapsesPerNeuron, double dtMs, long seed,
                                   double minSpacingUm) {
        if (neurons < 10 * REGIONS.size()) {
            throw new IllegalArgumentException("need at least " + 10 * REGIONS.size() + " neurons, got " + neurons);
        }
        if (!(synapsesPerNeuron > 0)) {
            throw new IllegalArgumentException("synapses per neuron must be > 0");
        }
        int[] size = regionSizes(neurons);
        List<Population> pops = new ArrayList<>();
        List<String> names = new ArrayList<>();
        InitialState init = InitialState.uniformV(-60, -50);
        PoissonInput bg = new PoissonInput(BACKGROUND_HZ, BACKGROUND_MV, SynapseType.EXC);
        // Motor pools sit further from threshold: the tail moves when the hindbrain drives it, rarely on its own.
        PoissonInput motorBg = new PoissonInput(BACKGROUND_HZ, MOTOR_BACKGROUND_MV, SynapseType.EXC);
        float[] pos = new float[3 * neurons];
        NucleusPlacement placement = new NucleusPlacement(minSpacingUm, pos);
        int at = 0;
        for (int r = 0; r < REGIONS.size(); r++) {
            BrainRegion reg = REGIONS.get(r);
            names.add(reg.name());
            int exc = (int) Math.round(size[r] * 0.8);
            PoissonInput background = reg.name().startsWith("motor_") ? motorBg : bg;
            pops.add(new Population(reg.name(), exc, NEURON, init, background, r));
            pops.add(new Population(reg.name() + "_inh", size[r] - exc, NEURON, init, background, r));
            placement.place(reg, Rng.derive(seed, 500 + r), at, size[r]);
            at += size[r];
        }
        List<Projection> prs = new ArrayList<>();
        double kLocal = synapsesPerNeuron * LOCAL_SHARE;
        for (int r = 0; r < REGIONS.size(); r++) {
            String e = REGIONS.get(r).name();
            String i = e + "_inh";
            int ne = pops.get(2 * r).size();
            int ni = pops.get(2 * r + 1).size();
            // local: 80 % of local synapses from the region's excitatory, 20 % from its inhibitory neurons
            for (String target : List.of(e, i)) {
                prs.add(new Projection(e, target, bernoulli(0.8 * kLocal, ne), SynapseType.EXC, W_LOCAL_EXC, 1.0));
                prs.add(new Projection(i, target, bernoulli(0.2 * kLocal, ni), SynapseType.INH, W_LOCAL_INH, 1.0));
            }
        }
        double kPath = synapsesPerNeuron * (1 - LOCAL_SHARE);
        pathway(prs, pops, "pretectum_left", "tectum_left", kPath, 3.0);
        pathway(prs, pops, "pretectum_right", "tectum_right", kPath, 3.0);
        pathway(prs, pops, "pretectum_left", "hindbrain", kPath / 4, 5.0);
        pathway(prs, pops, "pretectum_right", "hindbrain", kPath / 4, 5.0);
        pathway(prs, pops, "tectum_left", "hindbrain", kPath / 4, 4.0);
        pathway(prs, pops, "tectum_right", "hindbrain", kPath / 4, 4.0);
        pathway(prs, pops, "forebrain", "tectum_left", kPath / 4, 6.0);
        pathway(prs, pops, "forebrain", "tectum_right", kPath / 4, 6.0);
        pathway(prs, pops, "cerebellum", "hindbrain", kPath / 4, 3.0);
        // the cerebellum's afferents: whole-field motion from the pretectum (through the inferior olive and mossy
        // fibres) and an efference copy of the swim from the motor pools, as granule and Purkinje cells of the
        // larva respond to both (Knogler et al. 2017, 2019)
        pathway(prs, pops, "pretectum_left", "cerebellum", kPath / 4, 5.0);
        pathway(prs, pops, "pretectum_right", "cerebellum", kPath / 4, 5.0);
        pathway(prs, pops, MOTOR_LEFT, "cerebellum", kPath / 4, 3.0);
        pathway(prs, pops, MOTOR_RIGHT, "cerebellum", kPath / 4, 3.0);
        pathway(prs, pops, "tectum_left", MOTOR_LEFT, kPath / 2, 5.0);
        pathway(prs, pops, "tectum_right", MOTOR_RIGHT, kPath / 2, 5.0);
        pathway(prs, pops, "hindbrain", MOTOR_LEFT, kPath, 2.0);
        pathway(prs, pops, "hindbrain", MOTOR_RIGHT, kPath, 2.0);
        // crossed inhibition between the motor pools: left and right tail bursts alternate
        int nil = pops.get(2 * REGIONS.size() - 3).size();
        int nir = pops.get(2 * REGIONS.size() - 1).size();
        prs.add(new Projection(MOTOR_LEFT + "_inh", MOTOR_RIGHT, bernoulli(kPath / 2, nil), SynapseType.INH,
                W_CROSSED_INH, 1.0));
        prs.add(new Projection(MOTOR_RIGHT + "_inh", MOTOR_LEFT, bernoulli(kPath / 2, nir), SynapseType.INH,
                W_CROSSED_INH, 1.0));
        return new NetworkSpec(dtMs, pops, prs, pos, names);
    }

    /**
     * Stimulus → current into the sensory pretectum (and, for flashes and dots, the tectum):
     * moving gratings scale with the perceived forward flow ({@code velocity}, mm/s), rotation
     * and phototaxis are lateralised. Stimulus names as on {@code zl.stimulus.commands}.
     */
    public static SensoryDrive defaultDrive() {
        // Currents in pA (10 pA ≈ 1 mV of steady depolarisation). Gratings are graded by the perceived forward
        // velocity (mm/s), rotations and phototaxis act on one side by the sign of velocity/direction, darkness
        // quiets the visual areas.
        return new SensoryDrive(List.of(
                new DriveRule("GRATING", "pretectum_left", "velocity", 6, 0),
                new DriveRule("GRATING", "pretectum_right", "velocity", 6, 0),
                new DriveRule("ROTATION", "pretectum_left", "velocity", -6, 0),
                new DriveRule("ROTATION", "pretectum_right", "velocity", 6, 0),
                new DriveRule("PHOTOTAXIS", "pretectum_left", "direction", -40, 0),
                new DriveRule("PHOTOTAXIS", "pretectum_right", "direction", 40, 0),
                new DriveRule("FLASH", "pretectum_left", "intensity", 60, 0),
                new DriveRule("FLASH", "pretectum_right", "intensity", 60, 0),
                new DriveRule("FLASH", "tectum_left", "intensity", 40, 0),
                new DriveRule("FLASH", "tectum_right", "intensity", 40, 0),
                // the habenula and thalamus answer a change of whole-field luminance
                new DriveRule("FLASH", "forebrain", "intensity", 30, 0),
                new DriveRule("DOTS", "tectum_left", "density", 60, 0),
                new DriveRule("DOTS", "tectum_right", "density", 60, 0),
                new DriveRule("DARK", "pretectum_left", null, 0, -30),
                new DriveRule("DARK", "pretectum_right", null, 0, -30),
                new DriveRule("DARK", "tectum_left", null, 0, -30),
                new DriveRule("DARK", "tectum_right", null, 0, -30),
                new DriveRule("PHOTOSTIM", "hindbrain", "intensity", 80, 0)));
    }

    private static void pathway(List<Projection> prs, List<Population> pops, String from, String to, double k,
                                double delayMs) {
        int n = 0;
        for (Population p : pops) {
            if (p.name().equals(from)) {
                n = p.size();
            }
        }
        FixedProbability rule = bernoulli(k, n);
        prs.add(new Projection(from, to, rule, SynapseType.EXC, W_PATHWAY, delayMs));
        prs.add(new Projection(from, to + "_inh", rule, SynapseType.EXC, W_PATHWAY, delayMs));
    }

    private static FixedProbability bernoulli(double k, int nSource) {
        return new FixedProbability(Math.min(1.0, k / Math.max(1, nSource)), false);
    }

    private static int[] regionSizes(int neurons) {
        int[] size = new int[REGIONS.size()];
        int total = 0;
        for (int r = 0; r < size.length; r++) {
            size[r] = (int) Math.floor(REGIONS.get(r).fraction() * neurons);
            total += size[r];
        }
        size[6] += neurons - total; // rounding remainder to the hindbrain, the largest region
        return size;
    }
}
