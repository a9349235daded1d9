package org.zaploop.sim.twin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.NetworkBuilder;
import org.zaploop.sim.model.LifParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.PoissonInput;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.SensoryDrive;
import org.zaploop.sim.networks.ZebrafishNetwork;

/**
 * The digital twin: a spiking network laid out like the fish's brain, one twin neuron per measured neuron (by
 * region, see {@link RegionMap}), nudged every frame toward the measured ΔF/F and shown the same stimuli as the
 * fish. {@link #observe} first simulates the frame period that has just ended (under what the fish was shown
 * meanwhile, {@link #present}), then compares the twin's ΔF/F at the measured frame with the measurement (the
 * tracking error) and sets each neuron's nudging current from the error ({@link TwinParams}). The period after the
 * measured frame is simulated only at the next measurement, once the twin knows what the fish was shown during it
 * (a stimulus chosen upon this frame's measurement acts on it). From the measured state it can simulate ahead on a
 * copy ({@link #simulateAhead}) without disturbing the live twin: a forecast, or the response to a candidate
 * stimulus presented from the measured frame on.
 *
 * <p>Reads and writes no topic; the Kafka adapter is {@code org.zaploop.sim.twin.kafka.TwinService}. Not
 * thread-safe: one thread drives it.
 */
public final class DigitalTwin implements AutoCloseable {

    /** Weight of the newest frame in the nudge a forecast holds (about the last 4 frames count). */
    static final float HOLD_SMOOTHING = 0.25f;
    /** Simulated seconds before the first frame, so the calcium starts at its steady level. */
    static final double WARM_UP_S = 5.0;
    /**
     * Current into a motor pool per unit of {@link TailActivity} on its side, pA, at tail gain 1: about what brings the
     * twin's pools, which sit far from threshold, to the rate the fish's fire at during a bout.
     */
    public static final double TAIL_PA = 20.0;

    private final TwinParams params;
    private TwinModel model;
    private final RegionMap map;
    private final SensoryDrive drive;
    private final TwinEngine live;
    private final TwinEngine ahead;
    private final int n;
    private final int[] twinOf;
    private final int[] populationRegion;
    /** Constant part of each twin neuron's injected current: the mean of the background the twin leaves out, pA. */
    private final float[] background;
    private final float[] integral;
    /** Each neuron's nudge averaged over the last frames (exponentially, {@link #HOLD_SMOOTHING}), pA. */
    private final float[] held;
    /** The background before the model's region bias. */
    private final float[] baseBackground;
    private final int[] regionOfTwin;
    private final float[] errSum;
    private final int[] errCount;
    private final float[] dff;
    private final float[] aheadDff;
    private final float[] trackingError;
    private final float[] measuredMean;
    private final float[] simulatedMean;
    private final float[] rateHz;
    private final float[] populationDff;
    private final int[] regionCount;
    private final double[] regionSq;
    private final double[] regionMeasured;
    private final double[] regionSimulated;
    private final double[] regionSum;
    /** Frames since the first measured one that the live twin's state stands at. */
    private long frames;
    private long lastFrame = -1;
    /** The period after the last measured frame is still to be simulated (under the nudge set at that frame). */
    private boolean pending;
    private double realTimeFactor = Double.NaN;
    private String stimulus;
    private Map<String, Double> stimulusParams = Map.of();
    /** Per region, the tail side whose drive enters it: 0 left motor pool, 1 right, −1 none. */
    private final int[] tailSide;
    /** The tail's activity in the period to be simulated next, and averaged over the last periods (for predictions). */
    private double tailLeft;
    private double tailRight;
    private double heldTailLeft;
    private double heldTailRight;

    public DigitalTwin(TwinParams params, RegionMap map) {
        this(params, map, TwinModel.neutral(map.regionNames()));
    }

    /** A twin with fitted region parameters ({@code zaploop twin fit}). */
    public DigitalTwin(TwinParams params, RegionMap map, TwinModel model) {
        if (!model.regions().equals(map.regionNames())) {
            throw new IllegalArgumentException("the model's regions " + model.regions() + " are not the twin's "
                    + map.regionNames());
        }
        this.model = model;
        this.params = params;
        this.map = map;
        this.n = map.measured();
        this.drive = ZebrafishNetwork.defaultDrive();
        NetworkSpec fishLike = ZebrafishNetwork.spec(n, params.synapsesPerNeuron(), params.dtMs(), params.seed());
        Network net = NetworkBuilder.build(withLessNoise(fishLike, params.noiseHz()), params.seed() + 1);
        this.live = new TwinEngine(net, params);
        this.ahead = new TwinEngine(net.fork(), params);
        this.twinOf = map.twinNeurons(net.regionIndex());
        this.populationRegion = new int[net.populationCount()];
        for (int p = 0; p < populationRegion.length; p++) {
            populationRegion[p] = net.spec().populations().get(p).region();
        }
        this.background = meanBackgroundPa(fishLike, net, params.noiseHz());
        spread(background, params.heterogeneityPa(), params.seed());
        this.baseBackground = background.clone();
        this.regionOfTwin = net.regionIndex();
        this.tailSide = TailActivity.sides(map.regionNames());
        applyBias();
        this.integral = new float[n];
        this.held = new float[n];
        this.errSum = new float[n];
        this.errCount = new int[n];
        this.dff = new float[n];
        this.aheadDff = new float[n];
        int regions = map.regionNames().size();
        this.trackingError = new float[regions];
        this.measuredMean = new float[regions];
        this.simulatedMean = new float[regions];
        this.regionCount = new int[regions];
        this.regionSq = new double[regions];
        this.regionMeasured = new double[regions];
        this.regionSimulated = new double[regions];
        this.regionSum = new double[regions];
        this.rateHz = new float[net.populationCount()];
        this.populationDff = new float[net.populationCount()];
        System.arraycopy(background, 0, net.externalCurrent(), 0, n);
        live.warm(Math.round(WARM_UP_S * 1000 / params.dtMs()));
        live.frame(params.stepOfFrame(1), dff); // the state at the first frame to be measured, with its baseline
    }

    /**
     * The fish's layout with its Poisson background cut to {@code noiseHz} (the rest becomes current, see below) and
     * every synaptic delay one step: the twin is compared at frame rate, where 1–6 ms of conduction delay do not
     * show, and one-step delays need no delay ring (delivering the ring was a quarter of the step).
     */
    private static NetworkSpec withLessNoise(NetworkSpec spec, double noiseHz) {
        List<Population> pops = new ArrayList<>();
        for (Population p : spec.populations()) {
            PoissonInput bg = p.background();
            PoissonInput kept = bg == null ? null
                    : new PoissonInput(Math.min(noiseHz, bg.rateHz()), bg.weight(), bg.channel());
            pops.add(new Population(p.name(), p.size(), p.model(), p.init(), kept, p.region()));
        }
        List<org.zaploop.sim.model.Projection> prs = new ArrayList<>();
        for (org.zaploop.sim.model.Projection pr : spec.projections()) {
            prs.add(new org.zaploop.sim.model.Projection(pr.source(), pr.target(), pr.rule(), pr.type(), pr.weight(),
                    spec.dtMs()));
        }
        return new NetworkSpec(spec.dtMs(), pops, prs, spec.positionsUm(), spec.regionNames());
    }

    /**
     * The mean input of the background events the twin leaves out, as a current: rate × weight × τsyn is the mean of
     * the synaptic variable (mV), and C/τm turns mV of steady depolarisation into pA.
     */
    private static float[] meanBackgroundPa(NetworkSpec fishLike, Network net, double noiseHz) {
        float[] out = new float[net.size()];
        for (int p = 0; p < net.populationCount(); p++) {
            Population pop = fishLike.populations().get(p);
            PoissonInput bg = pop.background();
            if (bg == null || !(pop.model() instanceof LifParams lif)) {
                continue;
            }
            double tauSyn = bg.channel() == org.zaploop.sim.model.SynapseType.EXC ? lif.tauExcMs() : lif.tauInhMs();
            double meanMv = Math.max(0, bg.rateHz() - noiseHz) * bg.weight() * tauSyn / 1000;
            Arrays.fill(out, net.populationStart(p), net.populationEnd(p),
                    (float) (meanMv * lif.capacitancePf() / lif.taumMs()));
        }
        return out;
    }

    /**
     * Adds a fixed random offset, uniform in ±{@code pa}, to each neuron's constant current: without background
     * events identical neurons driven alike fire in lockstep, and a small region then bursts as one; the spread
     * keeps their firing apart, as the fish's noise does.
     */
    private static void spread(float[] current, double pa, long seed) {
        org.zaploop.sim.engine.Rng rng = org.zaploop.sim.engine.Rng.derive(seed, 911);
        for (int i = 0; i < current.length; i++) {
            current[i] += (float) ((2 * rng.nextDouble() - 1) * pa);
        }
    }

    public TwinParams params() {
        return params;
    }

    public RegionMap map() {
        return map;
    }

    public List<String> regionNames() {
        return map.regionNames();
    }

    public Network network() {
        return live.net;
    }

    /** Region index of each population of the twin network. */
    public int populationRegion(int p) {
        return populationRegion[p];
    }

    public int populationCount() {
        return populationRegion.length;
    }

    private void applyBias() {
        double[] bias = model.biasPa();
        for (int i = 0; i < n; i++) {
            background[i] = baseBackground[i] + (float) bias[regionOfTwin[i]];
        }
    }

    /** Replaces the region parameters (a fit tries many); takes effect from the next frame. */
    public void setModel(TwinModel m) {
        if (!m.regions().equals(map.regionNames())) {
            throw new IllegalArgumentException("the model's regions are not the twin's");
        }
        this.model = m;
        applyBias();
        present(stimulus, stimulusParams);
    }

    public TwinModel model() {
        return model;
    }

    /** Shows the twin what the fish is shown (null: nothing). */
    public void present(String stimulus, Map<String, Double> params) {
        this.stimulus = stimulus;
        this.stimulusParams = params == null ? Map.of() : Map.copyOf(params);
        drive(live.net, stimulus, this.stimulusParams, tailLeft, tailRight);
    }

    /**
     * Tells the twin how the fish swam during the period to be simulated next ({@link TailActivity} of the left and
     * right tail): it drives the motor pools. A prediction, which cannot know future swimming, holds the tail's
     * recent average instead. Never told, the twin's pools swim on their own.
     *
     * @throws IllegalArgumentException if a value is negative or not finite
     */
    public void tail(double left, double right) {
        if (!(left >= 0 && right >= 0) || Double.isInfinite(left) || Double.isInfinite(right)) {
            throw new IllegalArgumentException("tail activity must be finite and >= 0, got " + left + ", " + right);
        }
        tailLeft = left;
        tailRight = right;
        heldTailLeft += HOLD_SMOOTHING * (left - heldTailLeft);
        heldTailRight += HOLD_SMOOTHING * (right - heldTailRight);
        drive(live.net, stimulus, stimulusParams, left, right);
    }

    /**
     * Shows the twin what the fish sees in the period to be simulated next, if that is not what it shows already: a
     * recorded session's schedule is replayed frame by frame, and a flash changes its intensity as it ends.
     */
    public void show(String stimulus, Map<String, Double> params) {
        Map<String, Double> p = params == null ? Map.of() : params;
        if (!Objects.equals(stimulus, this.stimulus) || !p.equals(stimulusParams)) {
            present(stimulus, p);
        }
    }

    /**
     * The tail of the period to be simulated next is not known (its samples are late or lost): the motor pools get
     * the tail's recent average, as in a prediction.
     */
    public void tailUnknown() {
        tailLeft = heldTailLeft;
        tailRight = heldTailRight;
        drive(live.net, stimulus, stimulusParams, tailLeft, tailRight);
    }

    /**
     * The drive rules' current per population, times the model's gain of the population's region, plus the tail's
     * drive into the motor pools.
     */
    private void drive(Network net, String stimulus, Map<String, Double> params, double left, double right) {
        double[] c = drive.currents(net.spec(), stimulus, params);
        for (int p = 0; p < c.length; p++) {
            int r = populationRegion[p];
            double tail = tailSide[r] == 0 ? left : tailSide[r] == 1 ? right : 0;
            net.setPopulationCurrent(p, c[p] * model.gain(r, stimulus) + TAIL_PA * model.tailGain(r) * tail);
        }
    }

    /** The stimulus drive of region {@code r} under a stimulus, pA summed over its populations (for fitting). */
    double regionDrive(int r, String stimulus, Map<String, Double> params) {
        double[] c = drive.currents(live.net.spec(), stimulus, params);
        double s = 0;
        for (int p = 0; p < c.length; p++) {
            if (populationRegion[p] == r) {
                s += c[p];
            }
        }
        return s;
    }

    public String stimulus() {
        return stimulus;
    }

    /**
     * Takes the measurement of one frame: simulates the period since the last one (under the stimulus shown
     * meanwhile), scores the twin against the measurement and sets the nudge for the period that follows.
     * Frames must increase; frames skipped since the last one are simulated without a measurement.
     *
     * @param frame    the frame's index
     * @param measured ΔF/F of every measured neuron (table order); NaN for a neuron not measured in this frame
     * @throws IllegalArgumentException if the frame is not newer than the last one, or the array has the wrong size
     */
    public TwinFrame observe(long frame, float[] measured) {
        if (measured.length != n) {
            throw new IllegalArgumentException("a frame holds " + n + " neurons, got " + measured.length);
        }
        if (lastFrame >= 0 && frame <= lastFrame) {
            throw new IllegalArgumentException("frame " + frame + " is not after frame " + lastFrame);
        }
        if (pending) {
            long t0 = System.nanoTime();
            stepLive();
            long wall = System.nanoTime() - t0;
            realTimeFactor = params.framePeriodS() / Math.max(1e-9, wall / 1e9);
            pending = false;
        }
        if (lastFrame >= 0) {
            for (long f = lastFrame + 1; f < frame; f++) {
                holdNudge(live.net.externalCurrent());
                stepLive();
            }
        }
        lastFrame = frame;
        score(measured);
        for (int p = 0; p < rateHz.length; p++) {
            int size = live.net.populationEnd(p) - live.net.populationStart(p);
            rateHz[p] = (float) (live.populationSpikes[p] / (Math.max(1, size) * params.framePeriodS()));
            double s = 0;
            for (int i = live.net.populationStart(p); i < live.net.populationEnd(p); i++) {
                s += dff[i];
            }
            populationDff[p] = (float) (s / Math.max(1, size));
        }
        double simTimeS = params.stepOfFrame(frames) * params.dtMs() / 1000;
        nudge();
        pending = true;
        return new TwinFrame(frame, simTimeS, trackingError, measuredMean, simulatedMean, rateHz, populationDff,
                realTimeFactor);
    }

    /** Per region: RMS error, means; per twin neuron: summed error of its measured neurons. */
    private void score(float[] measured) {
        Arrays.fill(regionCount, 0);
        Arrays.fill(regionSq, 0);
        Arrays.fill(regionMeasured, 0);
        Arrays.fill(regionSimulated, 0);
        Arrays.fill(errSum, 0);
        Arrays.fill(errCount, 0);
        for (int m = 0; m < n; m++) {
            float y = measured[m];
            if (Float.isNaN(y)) {
                continue;
            }
            int t = twinOf[m];
            float e = y - dff[t];
            int r = map.regionOf(m);
            regionCount[r]++;
            regionSq[r] += (double) e * e;
            regionMeasured[r] += y;
            regionSimulated[r] += dff[t];
            errSum[t] += e;
            errCount[t]++;
        }
        for (int r = 0; r < regionCount.length; r++) {
            int c = regionCount[r];
            trackingError[r] = c == 0 ? Float.NaN : (float) Math.sqrt(regionSq[r] / c);
            measuredMean[r] = c == 0 ? Float.NaN : (float) (regionMeasured[r] / c);
            simulatedMean[r] = c == 0 ? Float.NaN : (float) (regionSimulated[r] / c);
        }
    }

    /** PI nudging per twin neuron from the mean error of its measured neurons; see {@link TwinParams}. */
    private void nudge() {
        final float[] iExt = live.net.externalCurrent();
        final float kp = (float) params.kpPa();
        final float ki = (float) params.kiPaPerS();
        final float max = (float) params.maxNudgePa();
        final float dt = (float) params.framePeriodS();
        final float maxIntegral = ki > 0 ? max / ki : 0;
        for (int i = 0; i < n; i++) {
            float nudge = 0;
            if (errCount[i] > 0) {
                float e = errSum[i] / errCount[i];
                integral[i] = Math.max(-maxIntegral, Math.min(maxIntegral, integral[i] + e * dt));
                nudge = kp * e + ki * integral[i];
            } else {
                nudge = ki * integral[i];
            }
            float applied = Math.max(-max, Math.min(max, nudge));
            iExt[i] = background[i] + applied;
            // what a forecast holds: the nudge of the last few frames, not just this frame's
            held[i] += HOLD_SMOOTHING * (applied - held[i]);
        }
    }

    /** Without a measurement: background plus the nudge averaged over the last frames, into {@code iExt}. */
    private void holdNudge(float[] iExt) {
        for (int i = 0; i < n; i++) {
            iExt[i] = background[i] + held[i];
        }
    }

    private void stepLive() {
        long steps = params.stepOfFrame(frames + 1) - params.stepOfFrame(frames);
        frames++;
        live.frame(steps, dff);
    }

    /**
     * Simulates {@code horizon} frames ahead of the last measurement on a copy of the twin, without a measurement
     * (the first period under the nudge set at the measured frame, then each neuron keeps the nudging current it had
     * on average over the last few frames), and writes what it predicts. Step 0 is the frame after the last
     * measured one; the live twin is not changed. Deterministic: the copy starts from the live twin's full state,
     * random generators included.
     *
     * @param stimulus     stimulus to show the copy from the measured frame on, or null to keep what the fish is
     *                     shown
     * @param perNeuron    out, or null: [step][measured neuron] predicted ΔF/F, horizon × measured()
     * @param perRegion    out, or null: [step][region] mean predicted ΔF/F over the region's measured neurons
     */
    public void simulateAhead(int horizon, String stimulus, Map<String, Double> stimulusParams, float[] perNeuron,
                              float[] perRegion) {
        checkAhead(horizon, perNeuron, perRegion);
        ahead.copyFrom(live);
        if (stimulus != null) {
            drive(ahead.net, stimulus, stimulusParams, heldTailLeft, heldTailRight);
        } else {
            drive(ahead.net, this.stimulus, this.stimulusParams, heldTailLeft, heldTailRight);
        }
        runAhead(horizon, null, null, 0, perNeuron, perRegion);
    }

    /**
     * Like {@link #simulateAhead(int, String, Map, float[], float[])}, with what the fish is shown known for every
     * frame ahead (a recorded session's schedule): the period that ends at step s is simulated under
     * {@code stimuli[from + s]} with {@code stimulusParams.get(from + s)} (null: nothing shown). Step 0 is the frame
     * after the last measured one, so {@code from} is that frame's index in the schedule.
     */
    public void simulateAheadShowing(int horizon, String[] stimuli, List<Map<String, Double>> stimulusParams,
                                     int from, float[] perNeuron, float[] perRegion) {
        checkAhead(horizon, perNeuron, perRegion);
        if (from < 0 || from + horizon > stimuli.length || stimulusParams.size() < stimuli.length) {
            throw new IllegalArgumentException("the schedule of " + stimuli.length + " frames does not cover steps "
                    + from + ".." + (from + horizon - 1));
        }
        ahead.copyFrom(live);
        runAhead(horizon, stimuli, stimulusParams, from, perNeuron, perRegion);
    }

    /**
     * Like {@link #simulateAheadShowing(int, String[], List, int, float[], float[])}, one step per percept: step s is
     * simulated under {@code percepts[s]} (a recorded session's {@link RecordedSession#heldAfter}).
     */
    public void simulateAheadShowing(FramePercept[] percepts, float[] perNeuron, float[] perRegion) {
        String[] stimuli = new String[percepts.length];
        List<Map<String, Double>> stimulusParams = new java.util.ArrayList<>(percepts.length);
        for (int s = 0; s < percepts.length; s++) {
            stimuli[s] = percepts[s].stimulus();
            stimulusParams.add(percepts[s].params());
        }
        simulateAheadShowing(percepts.length, stimuli, stimulusParams, 0, perNeuron, perRegion);
    }

    private void checkAhead(int horizon, float[] perNeuron, float[] perRegion) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        int regions = map.regionNames().size();
        if (perNeuron != null && perNeuron.length < (long) horizon * n
                || perRegion != null && perRegion.length < horizon * regions) {
            throw new IllegalArgumentException("output arrays too short for " + horizon + " steps");
        }
    }

    /**
     * Runs the copy (already set to the live state) {@code horizon} frames on; with a schedule, each simulated
     * period under its own stimulus, else under what the copy shows.
     */
    private void runAhead(int horizon, String[] stimuli, List<Map<String, Double>> stimulusParams, int from,
                          float[] perNeuron, float[] perRegion) {
        System.arraycopy(dff, 0, aheadDff, 0, n);
        long k = frames;
        if (pending) {
            showAhead(stimuli, stimulusParams, from);
            ahead.frame(params.stepOfFrame(k + 1) - params.stepOfFrame(k), aheadDff);
            k++;
        }
        holdNudge(ahead.net.externalCurrent());
        for (int s = 0; s < horizon; s++) {
            if (s > 0) {
                showAhead(stimuli, stimulusParams, from + s);
                ahead.frame(params.stepOfFrame(k + 1) - params.stepOfFrame(k), aheadDff);
                k++;
            }
            write(aheadDff, s, perNeuron, perRegion);
        }
    }

    private void showAhead(String[] stimuli, List<Map<String, Double>> stimulusParams, int frame) {
        if (stimuli != null) {
            Map<String, Double> p = stimulusParams.get(frame);
            drive(ahead.net, stimuli[frame], p == null ? Map.of() : p, heldTailLeft, heldTailRight);
        }
    }

    /**
     * Simulates the live twin one frame on without a measurement (open loop: only the stimulus and the held nudge
     * drive it) and writes its ΔF/F at the new frame per measured neuron and per region (either may
     * be null).
     */
    public void stepFree(float[] perNeuron, float[] perRegion) {
        stepPending();
        holdNudge(live.net.externalCurrent());
        stepLive();
        write(dff, 0, perNeuron, perRegion);
    }

    /** Simulates the live twin on by {@code frames} frames without a measurement (what a forecast predicts). */
    public void runFree(int count, float[] perNeuron, float[] perRegion) {
        stepPending();
        holdNudge(live.net.externalCurrent());
        for (int s = 0; s < count; s++) {
            if (s > 0) {
                stepLive();
            }
            write(dff, s, perNeuron, perRegion);
        }
    }

    /** Simulates the period after the last measured frame, if it is still to be simulated. */
    private void stepPending() {
        if (pending) {
            stepLive();
            pending = false;
        }
    }

    private void write(float[] simulated, int s, float[] perNeuron, float[] perRegion) {
        if (perNeuron != null) {
            int base = s * n;
            for (int m = 0; m < n; m++) {
                perNeuron[base + m] = simulated[twinOf[m]];
            }
        }
        if (perRegion != null) {
            int regions = regionCount.length;
            double[] sum = regionSum;
            Arrays.fill(sum, 0);
            for (int m = 0; m < n; m++) {
                sum[map.regionOf(m)] += simulated[twinOf[m]];
            }
            for (int r = 0; r < regions; r++) {
                int c = map.measuredIn(r);
                perRegion[s * regions + r] = c == 0 ? Float.NaN : (float) (sum[r] / c);
            }
        }
    }

    /** Simulated seconds per wall second of the last live frame. */
    public double realTimeFactor() {
        return realTimeFactor;
    }

    /** The last frame measured, −1 before the first. */
    public long lastFrame() {
        return lastFrame;
    }

    @Override
    public void close() {
        live.close();
        ahead.close();
    }
}
