package org.zaploop.sim.twin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.zaploop.protocol.archive.ArchiveMeta;

/**
 * System identification before control: the fish is shown a short schedule of probing stimuli (an intensity held
 * for a few frames, then rest, for each of a few intensities) while its ΔF/F is recorded, and the twin's region
 * parameters are fitted to that recording with {@link TwinFit} — as an experimenter calibrates a model on the animal
 * before using it to steer the animal. Without it the twin's response to a stimulus is the drive rules' guess (for
 * PHOTOSTIM in the hindbrain about half the fish's), and a model-predictive controller then over- or under-reacts.
 * Collects the frames in memory; reads and writes no topic.
 */
public final class Identification {

    private final RegionMap map;
    private final double framePeriodS;
    private final List<float[]> traces = new ArrayList<>();
    private final List<String> shown = new ArrayList<>();
    private final List<Map<String, Double>> shownParams = new ArrayList<>();

    public Identification(RegionMap map, double framePeriodS) {
        if (!(framePeriodS > 0)) {
            throw new IllegalArgumentException("framePeriodS must be > 0, got " + framePeriodS);
        }
        this.map = map;
        this.framePeriodS = framePeriodS;
    }

    /**
     * The probing schedule: {@code hold} frames of rest (intensity 0), then, for each intensity, {@code hold} frames
     * at it followed by {@code hold} frames of rest, so that every probe has rest on both sides to compare with and
     * the schedule ends at rest.
     */
    public static double[] schedule(double[] intensities, int hold) {
        if (hold < 1 || intensities.length == 0) {
            throw new IllegalArgumentException("a probing schedule needs hold >= 1 and at least one intensity");
        }
        double[] out = new double[hold * (1 + 2 * intensities.length)];
        for (int k = 0; k < intensities.length; k++) {
            Arrays.fill(out, hold * (1 + 2 * k), hold * (2 + 2 * k), intensities[k]);
        }
        return out;
    }

    /**
     * Records one frame: the measured ΔF/F of every neuron (table order) and the stimulus presented during the period
     * that led to it.
     */
    public void add(float[] dff, String stimulus, Map<String, Double> params) {
        if (dff.length != map.measured()) {
            throw new IllegalArgumentException("a frame holds " + map.measured() + " neurons, got " + dff.length);
        }
        traces.add(dff.clone());
        shown.add(stimulus);
        shownParams.add(params == null ? Map.of() : Map.copyOf(params));
    }

    public int frames() {
        return traces.size();
    }

    /** The recording as a session {@link TwinFit} can fit. */
    public RecordedSession session() {
        int n = map.measured();
        float[] all = new float[traces.size() * n];
        for (int f = 0; f < traces.size(); f++) {
            System.arraycopy(traces.get(f), 0, all, f * n, n);
        }
        // the fit reads the frame period and the region map, never the volume's geometry (a placeholder of 1 voxel)
        ArchiveMeta meta = new ArchiveMeta("identification", 1, 1, 1, 1, 1, 1, framePeriodS, n, 0, 0, Map.of());
        return new RecordedSession(meta, map, traces.size(), all, shown.toArray(new String[0]),
                List.copyOf(shownParams));
    }

    /**
     * Brings a twin up to the end of the recording in twin mode: shown each frame's stimulus and nudged by each
     * frame's measurement, as if it had followed the fish during the identification (frames 0 … frames() − 1; the
     * next frame it observes must be later). A twin built only after the fit otherwise starts control from its own
     * warm-up state and spends the first control frames being pulled to the fish's.
     */
    public void replayInto(DigitalTwin twin) {
        for (int f = 0; f < traces.size(); f++) {
            twin.present(shown.get(f), shownParams.get(f));
            twin.observe(f, traces.get(f));
        }
    }

    /**
     * Fits the twin's region parameters to the recording: {@code iterations} simulations, the last {@code heldOut}
     * share of the frames only scored (see {@link TwinFit}).
     *
     * @throws IllegalArgumentException if the recording is too short to fit and hold out 4 frames each
     */
    public TwinFit.Result fit(TwinParams params, int iterations, double heldOut) {
        return new TwinFit(session(), params, iterations, heldOut, 200).run(done -> { });
    }
}
