package org.zaploop.launcher.cli;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Option;

import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.StreamsComponent;
import org.zaploop.processors.imaging.topology.ImagingConfig;
import org.zaploop.processors.imaging.topology.ImagingRunner;
import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.sim.fish.CameraParams;
import org.zaploop.sim.fish.FishGeometry;

/**
 * The imaging processor's segmentation options of {@code zaploop run imaging}: where its neuron table comes from.
 * {@code topic} (default) waits for a table on {@code zl.segmentation} (the virtual fish's, a lab's, or one
 * published by {@code zaploop segment}); {@code labels} publishes the label volume of {@code --labels ARCHIVE} for
 * the session as its next table version, then runs on it; {@code detect} segments a session that has no table
 * online from its first {@code --detect-volumes} volumes (nuclei of {@code --nucleus-radius-um}, at the voxel size
 * of {@code --scale}). Checked before anything starts: a bad combination is a usage error naming it.
 */
public final class ImagingOptions {

    @Option(names = "--segmentation", paramLabel = "topic|labels|detect",
            description = "imaging: where the neuron table comes from: topic (wait for one on zl.segmentation; "
                    + "default), labels (publish --labels ARCHIVE's label volume first), detect (detect nuclei "
                    + "online from the first --detect-volumes volumes of a session without a table).")
    String mode;

    @Option(names = "--labels", paramLabel = "ARCHIVE",
            description = "imaging, with --segmentation labels: the archive (ZapLoop or ZAPBench layout) whose "
                    + "segmentation label volume becomes the session's table.")
    Path labels;

    @Option(names = "--detect-volumes", paramLabel = "N",
            description = "imaging, with --segmentation detect: volumes registered and averaged before nuclei are "
                    + "detected; also what a re-segmentation on request averages (default: 10).")
    Integer detectVolumes;

    @Option(names = "--nucleus-radius-um", paramLabel = "UM",
            description = "imaging, with --segmentation detect: nucleus radius in µm (default: 3, the virtual "
                    + "fish's), turned into voxels with the --scale's voxel size.")
    Double nucleusRadiusUm;

    /** Whether any imaging option was given (they are an error for other components). */
    boolean given() {
        return mode != null || labels != null || detectVolumes != null || nucleusRadiusUm != null;
    }

    /** @throws IllegalArgumentException naming what is wrong */
    void check() {
        String m = mode == null ? "topic" : mode;
        if (!m.equals("topic") && !m.equals("labels") && !m.equals("detect")) {
            throw new IllegalArgumentException("--segmentation must be topic, labels or detect, got '" + mode + "'");
        }
        if (m.equals("labels") != (labels != null)) {
            throw new IllegalArgumentException("--labels ARCHIVE goes with --segmentation labels, and only with it");
        }
        if ((detectVolumes != null || nucleusRadiusUm != null) && !m.equals("detect")) {
            throw new IllegalArgumentException("--detect-volumes and --nucleus-radius-um go with --segmentation detect");
        }
        if (detectVolumes != null && detectVolumes < 1) {
            throw new IllegalArgumentException("--detect-volumes must be at least 1, got " + detectVolumes);
        }
        if (nucleusRadiusUm != null && !(nucleusRadiusUm > 0)) {
            throw new IllegalArgumentException("--nucleus-radius-um must be positive, got " + nucleusRadiusUm);
        }
    }

    /** The imaging component these options describe. */
    StreamsComponent component(ComponentContext ctx) {
        ImagingConfig config = ImagingConfig.defaults();
        if ("detect".equals(mode)) {
            FishGeometry g = FishGeometry.named(ctx.scale());
            double r = nucleusRadiusUm == null ? CameraParams.typical().nucleusRadiusUm() : nucleusRadiusUm;
            config = config.withDetection(detectVolumes == null ? ImagingConfig.DEFAULT_DETECT_VOLUMES : detectVolumes,
                    (float) (r / g.voxelXyUm()), (float) (r / g.voxelZUm()));
        }
        ImagingConfig chosen = ImagingRunner.fromProperties(config); // --replay and --retire-after
        return new StreamsComponent("imaging", ctx, () -> {
            if (labels != null) {
                publishLabels(ctx);
            }
            return new ImagingRunner(RunnerConfig.exactlyOnce("zaploop-imaging"), chosen);
        }, "frames", "partialFrames", "traceBlocks");
    }

    private void publishLabels(ComponentContext ctx) {
        long version = SegmentationVersions.newestComplete(ctx.bootstrap(), ctx.session(), Duration.ofSeconds(30)) + 1;
        try (SegmentationPublisher p = new SegmentationPublisher(ctx.bootstrap())) {
            int blocks = p.publish(labels, ctx.session(), version);
            org.slf4j.LoggerFactory.getLogger(ImagingOptions.class).info(
                    "segmentation of {} published for session {} as table version {} ({} blocks)", labels,
                    ctx.session(), version, blocks);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not publish the label volume of " + labels + ": "
                    + e.getMessage(), e);
        }
    }
}
