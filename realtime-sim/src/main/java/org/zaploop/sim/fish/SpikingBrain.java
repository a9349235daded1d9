package org.zaploop.sim.fish;

import java.util.Map;
import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.Simulator;
import org.zaploop.sim.model.SensoryDrive;

/**
 * A {@link Brain} made of the spiking-network engine: stimuli reach sensory populations through the network's
 * {@link SensoryDrive}, spikes are counted per neuron, and the two motor populations' firing rates drive the
 * tail (drive = rate / (rate + half-drive rate), so 0..1).
 */
public final class SpikingBrain implements Brain {

    private final Network net;
    private final Simulator sim;
    private final SensoryDrive drive;
    private final int leftStart;
    private final int leftEnd;
    private final int rightStart;
    private final int rightEnd;
    private final double halfDriveHz;
    private int[] counts;
    /** Region of each neuron, and spikes per region since the start (read by the metrics thread). */
    private final int[] regionOfNeuron;
    private final long[] regionSpikes;
    private final int[] regionSize;
    private long leftSpikes;
    private long rightSpikes;
    private double rtFactor;
    private double leftHzSmoothed;
    private double rightHzSmoothed;
    /** Motor rates are smoothed over 100 ms: a 10 ms block holds only a few motor-pool spikes. */
    private static final double MOTOR_SMOOTHING_S = 0.1;

    /**
     * @param motorLeft   name of the population driving the left tail nerve
     * @param motorRight  name of the population driving the right tail nerve
     * @param halfDriveHz motor population rate at which the drive is one half
     */
    public SpikingBrain(Network net, Simulator sim, SensoryDrive drive, String motorLeft, String motorRight,
                        double halfDriveHz) {
        if (net.positionsUm() == null) {
            throw new IllegalArgumentException("a fish's brain needs neuron positions to be imaged");
        }
        this.net = net;
        this.sim = sim;
        this.drive = drive;
        int l = net.populationIndex(motorLeft);
        int r = net.populationIndex(motorRight);
        this.leftStart = net.populationStart(l);
        this.leftEnd = net.populationEnd(l);
        this.rightStart = net.populationStart(r);
        this.rightEnd = net.populationEnd(r);
        this.halfDriveHz = halfDriveHz;
        this.regionOfNeuron = net.regionIndex();
        int regions = Math.max(1, net.spec().regionNames().size());
        for (int region : regionOfNeuron) {
            regions = Math.max(regions, region + 1);
        }
        this.regionSpikes = new long[regions];
        this.regionSize = new int[regions];
        for (int region : regionOfNeuron) {
            regionSize[region]++;
        }
        sim.addRecorder(this::count);
    }

    /** Counts each step's spikes into the caller's per-neuron array, the region totals and the motor totals. */
    private void count(long step, int[] neurons, int n) {
        int[] c = counts;
        for (int k = 0; k < n; k++) {
            int i = neurons[k];
            c[i]++;
            regionSpikes[regionOfNeuron[i]]++;
            if (i >= leftStart && i < leftEnd) {
                leftSpikes++;
            } else if (i >= rightStart && i < rightEnd) {
                rightSpikes++;
            }
        }
    }

    @Override
    public int neurons() {
        return net.size();
    }

    @Override
    public float[] positionsUm() {
        return net.positionsUm();
    }

    @Override
    public void perceive(String stimulus, Map<String, Double> params) {
        net.applyStimulus(drive, stimulus, params);
    }

    @Override
    public void advance(double seconds, int[] spikeCounts, double[] motorDrive) {
        counts = spikeCounts;
        leftSpikes = 0;
        rightSpikes = 0;
        long steps = Math.round(seconds * 1000 / net.dtMs());
        long t0 = System.nanoTime();
        sim.run(steps);
        long wall = System.nanoTime() - t0;
        rtFactor = wall > 0 ? seconds / (wall / 1e9) : Double.POSITIVE_INFINITY;
        double leftHz = leftSpikes / (Math.max(1, leftEnd - leftStart) * seconds);
        double rightHz = rightSpikes / (Math.max(1, rightEnd - rightStart) * seconds);
        double a = 1 - Math.exp(-seconds / MOTOR_SMOOTHING_S);
        leftHzSmoothed += a * (leftHz - leftHzSmoothed);
        rightHzSmoothed += a * (rightHz - rightHzSmoothed);
        motorDrive[0] = leftHzSmoothed / (leftHzSmoothed + halfDriveHz);
        motorDrive[1] = rightHzSmoothed / (rightHzSmoothed + halfDriveHz);
    }

    /** Simulated seconds per wall second of the engine alone during the last {@link #advance}. */
    @Override
    public double realTimeFactor() {
        return rtFactor;
    }

    /** Region names, indexed like {@link #regionSpikes} (empty when the network names none). */
    public java.util.List<String> regionNames() {
        return net.spec().regionNames();
    }

    /** Spikes fired in region {@code r} since the start. */
    public long regionSpikes(int r) {
        return regionSpikes[r];
    }

    public int regionSize(int r) {
        return regionSize[r];
    }

    public Network network() {
        return net;
    }
}
