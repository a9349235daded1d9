package org.zaploop.processors.imaging.topology;

import org.zaploop.processors.imaging.CausalDff;

/**
 * Settings of {@link ImagingTopology}. Reads and writes no topic or store.
 *
 * @param dffWindow           trailing window of the causal ΔF/F baseline, frames (default 400)
 * @param dffPercentile       baseline percentile (default 8)
 * @param frameTimeoutMs      how long an incomplete frame waits for its missing planes before it is emitted
 *                            partial (default 5000; {@link #forReplay()}: never): until the processor has waited
 *                            this long, ready to read, with no plane of the session coming, or until planes acquired
 *                            this long after the frame's first have come while each missing plane's z has sent
 *                            nothing for this long; a processor behind its input (a backlog, a restart, a lagging
 *                            plane partition) therefore never cuts frames short (SessionImaging.waitedOut)
 * @param maxFramesInFlight   open frames per session before the oldest is forced out partial (default 16: planes
 *                            of several frames interleave when the plane partitions are read at different paces)
 * @param punctuateMs         wall-clock period of the partial-frame timeout check (default 250)
 * @param assemblyPartitions  partitions of the two by-session repartition topics (default 3; one session is
 *                            always assembled on one partition)
 * @param register            estimate rigid xy motion and apply it in extraction (default true)
 * @param registerDownsample  registration downsampling factor (default 2)
 * @param referenceVolumes    volumes averaged into the registration reference (default 5)
 * @param maxShift            largest shift searched, voxels (default 32)
 * @param patchSize           piecewise-rigid registration: patch side in downsampled pixels, patches on a
 *                            half-patch grid each get their own shift (default 16: 52 µm at the demo's
 *                            1.624 µm voxels, a fifth of the fish's wobble wavelength; 0 = rigid only)
 * @param detectVolumes       online segmentation: a session without a neuron table has its first this many
 *                            volumes registered and averaged, nuclei detected on the mean and the table published
 *                            to {@code zl.segmentation} (default 0 = off: wait for a published table); also the
 *                            volumes a re-segmentation on request averages ({@value #DEFAULT_DETECT_VOLUMES} when 0)
 * @param detectRadius        nucleus radius in x and y for detection, voxels (default 1.85: 3 µm at 1.624 µm)
 * @param detectRadiusZ       nucleus radius in z for detection, planes (default 0.25: 3 µm at 12 µm)
 * @param retireAfterMs       wall-clock time without a plane after which a session is retired: its ΔF/F window,
 *                            registration and open planes are freed (memory and stores), its neuron table kept, so
 *                            planes that come later are traced again with a new ΔF/F window (default 30 min;
 *                            never in {@link #forReplay()}, which does not look at the wall clock)
 */
public record ImagingConfig(int dffWindow, double dffPercentile, long frameTimeoutMs, int maxFramesInFlight,
                            long punctuateMs, int assemblyPartitions, boolean register, int registerDownsample,
                            int referenceVolumes, float maxShift, int patchSize,
                            int detectVolumes, float detectRadius, float detectRadiusZ, long retireAfterMs) {

    /** Volumes averaged for a re-segmentation on request when online detection is otherwise off. */
    public static final int DEFAULT_DETECT_VOLUMES = 10;

    /** A session is retired after this long without a plane: 30 min, longer than any pause within an experiment. */
    public static final long DEFAULT_RETIRE_AFTER_MS = 30 * 60_000L;

    public ImagingConfig {
        if (dffWindow < 1 || !(dffPercentile >= 0 && dffPercentile <= 100) || frameTimeoutMs < 0
                || maxFramesInFlight < 1 || punctuateMs < 1 || assemblyPartitions < 1 || registerDownsample < 1
                || referenceVolumes < 1 || !(maxShift >= 0) || patchSize < 0 || (patchSize > 0 && patchSize < 8)
                || detectVolumes < 0 || !(detectRadius > 0) || !(detectRadiusZ > 0) || retireAfterMs < 1) {
            throw new IllegalArgumentException("invalid imaging config: " + this);
        }
    }

    public static ImagingConfig defaults() {
        return new ImagingConfig(CausalDff.DEFAULT_WINDOW, CausalDff.DEFAULT_PERCENTILE, 5000, 16, 250, 3, true, 2,
                5, 32f, 16, 0, 1.85f, 0.25f, DEFAULT_RETIRE_AFTER_MS);
    }

    public ImagingConfig withDff(int window, double percentile) {
        return new ImagingConfig(window, percentile, frameTimeoutMs, maxFramesInFlight, punctuateMs,
                assemblyPartitions, register, registerDownsample, referenceVolumes, maxShift, patchSize,
                detectVolumes, detectRadius, detectRadiusZ, retireAfterMs);
    }

    public ImagingConfig withFrameTimeoutMs(long ms) {
        return new ImagingConfig(dffWindow, dffPercentile, ms, maxFramesInFlight, punctuateMs, assemblyPartitions,
                register, registerDownsample, referenceVolumes, maxShift, patchSize,
                detectVolumes, detectRadius, detectRadiusZ, retireAfterMs);
    }

    /**
     * For recorded and replayed data: no wall-clock frame timeout and no bound on frames in flight, so a frame is
     * emitted only once it is complete or each of its missing planes' z has moved on to a later frame (a fact of the
     * data, not of timing): two runs over the same records give the same traces bit for bit, however the
     * processing was interleaved, slowed or killed. Planes of open frames are held meanwhile (memory grows with
     * how far one plane partition runs ahead of another); a frame whose missing plane's z sends nothing later stays
     * open at the end of a replay.
     */
    public ImagingConfig forReplay() {
        return new ImagingConfig(dffWindow, dffPercentile, Long.MAX_VALUE, Integer.MAX_VALUE, punctuateMs,
                assemblyPartitions, register, registerDownsample, referenceVolumes, maxShift, patchSize,
                detectVolumes, detectRadius, detectRadiusZ, retireAfterMs);
    }

    /** Whether this is {@link #forReplay()}'s configuration (no timeout, no bound on frames in flight). */
    public boolean replay() {
        return frameTimeoutMs == Long.MAX_VALUE && maxFramesInFlight == Integer.MAX_VALUE;
    }

    public ImagingConfig withRegistration(boolean on, int downsample, int reference, float max) {
        return new ImagingConfig(dffWindow, dffPercentile, frameTimeoutMs, maxFramesInFlight, punctuateMs,
                assemblyPartitions, on, downsample, reference, max, patchSize,
                detectVolumes, detectRadius, detectRadiusZ, retireAfterMs);
    }

    /** Piecewise-rigid patches of {@code size} downsampled pixels, 0 for rigid registration only. */
    public ImagingConfig withPatches(int size) {
        return new ImagingConfig(dffWindow, dffPercentile, frameTimeoutMs, maxFramesInFlight, punctuateMs,
                assemblyPartitions, register, registerDownsample, referenceVolumes, maxShift, size,
                detectVolumes, detectRadius, detectRadiusZ, retireAfterMs);
    }

    /** Online segmentation on the mean of the first {@code volumes} volumes, nuclei of the given radii. */
    public ImagingConfig withDetection(int volumes, float radius, float radiusZ) {
        return new ImagingConfig(dffWindow, dffPercentile, frameTimeoutMs, maxFramesInFlight, punctuateMs,
                assemblyPartitions, register, registerDownsample, referenceVolumes, maxShift, patchSize, volumes,
                radius, radiusZ, retireAfterMs);
    }

    /** Retire a session after {@code ms} of wall-clock time without a plane. */
    public ImagingConfig withRetireAfterMs(long ms) {
        return new ImagingConfig(dffWindow, dffPercentile, frameTimeoutMs, maxFramesInFlight, punctuateMs,
                assemblyPartitions, register, registerDownsample, referenceVolumes, maxShift, patchSize,
                detectVolumes, detectRadius, detectRadiusZ, ms);
    }
}
