package org.zaploop.processors.imaging.topology;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.zaploop.processors.imaging.NucleusDetector;
import org.zaploop.processors.imaging.ReferenceVolume;
import org.zaploop.processors.imaging.Registration;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;

/**
 * Online segmentation of one session that has no neuron table yet: its first volumes are gathered whole,
 * registered (rigid, against a reference of the first of them) and averaged into a {@link ReferenceVolume};
 * after {@code volumes} of them, nuclei are detected on that mean ({@link NucleusDetector}) and turned into a
 * neuron table version. The registration is handed on to the session's extraction, so the footprints and the
 * shifts applied to them share one reference.
 *
 * <p>A re-detection ({@link #again}) of a session that already has a table is fed the volumes its extraction
 * registers, with their shifts, against that extraction's own registration; the table it publishes is installed
 * with the same registration, so the new footprints stay in the frame the old ones were in. Reads and writes no
 * topic or store.
 */
final class SessionDetection {

    final String session;
    final Registration registration;
    private final ReferenceVolume reference;
    private final NucleusDetector detector;
    private final int volumes;
    private final int width;
    private final int height;
    private final int depth;
    private final int maxInFlight;
    private final TreeMap<Long, short[][]> open = new TreeMap<>();
    private final float[] projection;
    private long firstAcquisitionNs = -1;
    /** Set once the table is out: planes until it comes back wait in {@link #waiting} instead. */
    boolean detecting;
    /** The table version this detection published (−1 before): the version whose install takes its registration. */
    long publishedVersion = -1;
    /** A plane waiting for the detected table, with where it lies in zl.imaging.planes. */
    record Waiting(Plane plane, PlaneRef ref) {
    }

    /** Planes that arrived while the detected table was on its way (oldest first), extracted once it is in. */
    final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();

    SessionDetection(String session, int width, int height, int depth, ImagingConfig config) {
        this(session, width, height, depth, config, config.detectVolumes(), new Registration(width, height,
                Math.max(1, Math.min(config.registerDownsample(), Math.min(width, height) / 4)),
                config.referenceVolumes(), config.maxShift(), 1.0));
    }

    private SessionDetection(String session, int width, int height, int depth, ImagingConfig config, int volumes,
                             Registration registration) {
        this.session = session;
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.volumes = volumes;
        this.maxInFlight = config.maxFramesInFlight();
        this.registration = registration;
        this.reference = new ReferenceVolume(width, height, depth);
        this.detector = new NucleusDetector(NucleusDetector.Params.forRadius(config.detectRadius(),
                config.detectRadiusZ()));
        this.projection = registration == null ? null : registration.newProjection();
    }

    /**
     * A re-detection of a session that has a table: averages the next {@code volumes} volumes the extraction hands
     * it ({@link #addVolume}, {@link #addPlane}), already registered with {@code registration} (null when
     * registration is off).
     */
    static SessionDetection again(String session, int width, int height, int depth, ImagingConfig config,
                                  int volumes, Registration registration) {
        return new SessionDetection(session, width, height, depth, config, volumes, registration);
    }

    /** A whole volume registered by the extraction (moved by dx, dy); returns true once enough are averaged. */
    boolean addVolume(Plane[] planes, float dx, float dy) {
        for (Plane p : planes) {
            addPlane(p, dx, dy);
        }
        reference.volumeDone();
        return ready();
    }

    /** One plane registered by the extraction (first plane seen sets the table's acquisition time). */
    void addPlane(Plane p, float dx, float dy) {
        if (firstAcquisitionNs < 0) {
            firstAcquisitionNs = p.acquisitionNs();
        }
        reference.add(p.z(), p.pixels(), dx, dy);
    }

    /** Counts one more volume fed plane by plane (without registration); returns true once enough are averaged. */
    boolean volumeDone() {
        reference.volumeDone();
        return ready();
    }

    boolean ready() {
        return reference.volumes() >= volumes;
    }

    boolean fits(int w, int h, int d) {
        return w == width && h == height && d == depth;
    }

    /**
     * Takes plane z of {@code frame} (copied); returns true once enough volumes are averaged to detect. Frames are
     * registered when all their planes are in; an incomplete frame beyond the frames in flight is dropped.
     */
    boolean offer(long frame, int z, long acquisitionNs, short[] pixels) {
        if (firstAcquisitionNs < 0) {
            firstAcquisitionNs = acquisitionNs;
        }
        short[][] planes = open.computeIfAbsent(frame, f -> new short[depth][]);
        if (planes[z] == null) {
            planes[z] = pixels.clone();
        }
        while (open.size() > maxInFlight) {
            open.pollFirstEntry();
        }
        Map.Entry<Long, short[][]> first = open.firstEntry();
        while (first != null && complete(first.getValue())) {
            open.pollFirstEntry();
            add(first.getValue());
            first = open.firstEntry();
        }
        return reference.volumes() >= volumes;
    }

    private static boolean complete(short[][] planes) {
        for (short[] p : planes) {
            if (p == null) {
                return false;
            }
        }
        return true;
    }

    private void add(short[][] planes) {
        registration.clearProjection(projection);
        for (short[] p : planes) {
            registration.addPlane(projection, p);
        }
        // volumes building the registration reference are its frame (shift 0); later ones are moved back into it
        Registration.Shift s = registration.finishVolume(projection);
        for (int z = 0; z < depth; z++) {
            reference.add(z, planes[z], s.dx(), s.dy());
        }
        reference.volumeDone();
    }

    /** Keeps a plane for when the table is in; returns the oldest plane pushed out beyond the frames in flight. */
    Waiting await(Waiting p) {
        waiting.add(p);
        return waiting.size() > (long) maxInFlight * depth ? waiting.poll() : null;
    }

    int volumesAveraged() {
        return reference.volumes();
    }

    /** Detects the nuclei on the mean so far and returns them as neuron-table blocks of {@code version}. */
    List<NeuronTableBlock> detect(long version) {
        NucleusDetector.Nuclei n = detector.detect(reference.mean(), width, height, depth);
        if (n.count() == 0) {
            return List.of();
        }
        int[] ids = new int[n.count()];
        for (int i = 0; i < n.count(); i++) {
            ids[i] = i;
        }
        return SegmentationPublisher.blocks(session, version, width, height, depth, firstAcquisitionNs, ids, n.x(),
                n.y(), n.z(), n.start(), n.voxels(), n.weights());
    }
}
