package org.zaploop.sim.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;
import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.sim.fish.EphysLayout;
import org.zaploop.sim.fish.FishCommand;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.PlaneRenderer;
import org.zaploop.sim.fish.StandardFish;
import org.zaploop.sim.fish.VirtualFish;

/**
 * Records a virtual-fish session straight into a session archive, as fast as the machine allows: raw volumes,
 * ephys, rig events and the ground truth (neuron table, label volume, true ΔF/F, spikes, calcium, motion).
 * Other stages are scored against such an export.
 */
public final class FishExport {

    /**
     * @param frames   volumes to record
     * @param schedule stimuli to present, in order, each for an equal share of the session (may be empty), or
     *                 {@code {"zapbench"}} for {@link ZapbenchSchedule ZAPBench's protocol}
     * @param threads  engine threads (a session is reproducible for the same seed and thread count)
     * @param progress told the number of volumes done after each one
     * @return the path of the archive
     */
    public static Path run(Path dir, VirtualFish.Config config, String session, long frames, String[] schedule,
                           int threads, LongConsumer progress) throws IOException {
        return run(dir, config, session, frames, schedule, threads, true, progress);
    }

    /**
     * @param volumes false to leave out the raw volumes: the fish skips rendering planes, which is most of an
     *                export's time, and the archive holds traces (true ΔF/F), ephys, events and ground truth — what
     *                forecasting needs from sessions long enough for ZAPBench's 256-frame context
     */
    public static Path run(Path dir, VirtualFish.Config config, String session, long frames, String[] schedule,
                           int threads, boolean volumes, LongConsumer progress) throws IOException {
        if (frames < 1) {
            throw new IllegalArgumentException("--frames must be at least 1, got " + frames);
        }
        FishGeometry g = config.geometry();
        ArchiveMeta meta = new ArchiveMeta(session, g.width(), g.height(), g.depth(), g.voxelXyUm(), g.voxelXyUm(),
                g.voxelZUm(), g.volumePeriodS(), g.neurons(), EphysLayout.CHANNELS, EphysLayout.SAMPLE_RATE_HZ, Map.of());
        long startNs = 0;
        try (SessionArchive archive = SessionArchive.create(dir, meta);
             ArchiveRigOutput out = new ArchiveRigOutput(archive, session, frames, g.neurons(), volumes);
             StandardFish sf = StandardFish.build(config, out, startNs, threads)) {
            VirtualFish fish = sf.fish();
            writeAnatomy(archive, fish.renderer());
            if (ZapbenchSchedule.isChosen(schedule)) {
                ZapbenchSchedule.commands(frames, g.volumePeriodS(), startNs).forEach(fish::command);
            } else {
                schedule(fish, schedule, frames * g.volumePeriodS(), startNs);
            }
            long reported = 0;
            while (fish.volumes() < frames) {
                fish.tick();
                if (fish.volumes() > reported) {
                    reported = fish.volumes();
                    progress.accept(reported);
                }
            }
        }
        return dir;
    }

    /** Queues {@code stimuli} one after another, each for an equal share of {@code sessionS}. */
    public static void schedule(VirtualFish fish, String[] stimuli, double sessionS, long startNs) {
        for (int i = 0; i < stimuli.length; i++) {
            long from = Math.round(i * sessionS / stimuli.length * 1e9);
            long until = Math.round((i + 1) * sessionS / stimuli.length * 1e9) + 1;
            fish.command(new FishCommand(i, stimuli[i], Map.of(), -1, startNs + from, startNs + until));
        }
    }

    /** Ground-truth anatomy: the label volume and the neuron table (centroids in voxels, voxel counts). */
    private static void writeAnatomy(SessionArchive archive, PlaneRenderer renderer) throws IOException {
        int[] labels = renderer.labels();
        float[] c = renderer.centroidsVoxels();
        int n = c.length / 3;
        int[] ids = new int[n];
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = new float[n];
        int[] voxels = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            x[i] = c[3 * i];
            y[i] = c[3 * i + 1];
            z[i] = c[3 * i + 2];
        }
        for (int label : labels) {
            if (label > 0) {
                voxels[label - 1]++;
            }
        }
        archive.writeLabels(labels);
        archive.writeNeuronTable(new NeuronTable(ids, x, y, z, voxels));
    }

    private FishExport() {
    }
}
