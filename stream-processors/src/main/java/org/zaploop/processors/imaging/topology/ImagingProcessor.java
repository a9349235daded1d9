package org.zaploop.processors.imaging.topology;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.processors.imaging.FrameAssembler;
import org.zaploop.processors.imaging.NeuronFootprints;
import org.zaploop.processors.imaging.Registration;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.processors.imaging.topology.ImagingCounters.Rejection;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.processors.streams.SessionActivity;

/**
 * Planes, neuron-table blocks and re-segmentation requests of a session (all keyed by session, so one instance
 * sees all of a session) → {@link TraceBlock}s per 512-neuron block, detected {@link NeuronTableBlock}s, or
 * {@link DeadLetter}s for what it cannot use. A re-segmentation under way lives in memory only: one interrupted by
 * a restart or rebalance is not resumed (request it again).
 *
 * <p>Stores: {@value ImagingTopology#SEGMENTATION_STORE} (key session/block, the newest blocks),
 * {@value ImagingTopology#HISTORY_STORE} (key session/frame zero-padded, raw F of the last ΔF/F-window frames),
 * {@value ImagingTopology#OPEN_PLANES_STORE} (key session/frame/z, {@link PlaneRef}s to the planes of frames not
 * yet final) and {@value ImagingTopology#REGISTRATION_STORE} ({@link RegistrationSnapshot}). Planes come as
 * {@link PlaneRef}s and are taken from a {@link PlaneSource}; one that cannot be had is dead-lettered
 * ({@code plane-unavailable}). The planes of a frame are held (the records' own arrays, no copy) until the frame is
 * final — complete, or every missing plane's z already at a later frame — and then extracted in z order, with registration on after the volume is registered, so each with its own
 * volume's rigid shift and patch field. Unless replaying ({@link ImagingConfig#forReplay()}), a frame that stays
 * incomplete past the frame timeout, or beyond the frames in flight, is extracted with the newest shift instead; the
 * timeout reads the stream's progress (planes acquired later, a missing plane's z silent, or the session silent),
 * never the processor's own pace ({@link SessionImaging#waitedOut}).
 * The live {@link SessionImaging} is a cache rebuilt from the stores after a restart or rebalance: table assembled
 * from the blocks, ΔF/F window replayed from the raw history, registration reference and shift restored, held
 * planes taken up again — the next frames come out as they would have without the restart.
 * The blocks are also cached in memory per session (read from the store once), so assembling a table as its
 * blocks arrive costs no store scans. Wall-clock punctuation only finishes frames whose missing planes' streams have
 * gone silent for the timeout. Dead letters name the public source topic ({@code zl.imaging.planes} or
 * {@code zl.segmentation}), the original key and the re-encoded record (a plane that could not be read back: its
 * reference); a plane's partition and offset are those in {@code zl.imaging.planes}, a block's those of the
 * by-session repartition topic the processor read it from.
 */
final class ImagingProcessor implements Processor<String, ImagingInput, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ImagingProcessor.class);
    private static final StringSerializer KEYS = new StringSerializer();
    private static final int BLOCK = 512;

    private final ImagingConfig config;
    private final ImagingCounters counters;
    private final Map<String, SessionImaging> sessions = new HashMap<>();
    /** Punctuation periods one tick may count as waiting for planes ({@link SessionImaging#idle}). */
    private static final int MAX_TICKS_COUNTED = 4;
    /** Wall-clock time of the last punctuation (or of the start). */
    private long lastTickMs;
    /** Wall-clock time of each live session's newest plane: an idle session is retired ({@link #retireIdle}). */
    private final SessionActivity lastPlanes = new SessionActivity();
    /** The blocks of the segmentation store by session and block index: a cache, loaded once per session. */
    private final Map<String, Map<Integer, NeuronTableBlock>> tableBlocks = new HashMap<>();
    private final List<FrameAssembler.Frame> finished = new ArrayList<>();
    /** Sessions segmenting themselves online (no table yet), by session. */
    private final Map<String, SessionDetection> detecting = new HashMap<>();
    /** Sessions with a table detecting their nuclei again on request, by session (until the new table is in). */
    private final Map<String, SessionDetection> redetecting = new HashMap<>();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, NeuronTableBlock> blocks;
    private KeyValueStore<String, byte[]> history;
    private KeyValueStore<String, byte[]> openPlanes;
    private KeyValueStore<String, byte[]> registrations;
    /** Makes the {@link PlaneSource} of this task from the application's configuration. */
    private final Function<Map<String, Object>, PlaneSource> planeSources;
    private PlaneSource planeSource;

    ImagingProcessor(ImagingConfig config, ImagingCounters counters,
                     Function<Map<String, Object>, PlaneSource> planeSources) {
        this.config = config;
        this.counters = counters;
        this.planeSources = planeSources;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        // a task revived after a dirty close (exactly-once abort) calls init again on this object with its stores
        // restored: every cache starts over from them
        sessions.clear();
        lastPlanes.clear();
        tableBlocks.clear();
        detecting.clear();
        finished.clear();
        this.context = context;
        this.blocks = context.getStateStore(ImagingTopology.SEGMENTATION_STORE);
        this.history = context.getStateStore(ImagingTopology.HISTORY_STORE);
        this.openPlanes = context.getStateStore(ImagingTopology.OPEN_PLANES_STORE);
        this.registrations = context.getStateStore(ImagingTopology.REGISTRATION_STORE);
        if (planeSource != null) {
            planeSource.close();
        }
        this.planeSource = planeSources.apply(context.appConfigs());
        if (config.replay()) {
            return; // nothing may depend on the wall clock
        }
        // a session that stopped before this (re)start still holds its registration or open planes: count it as
        // seen now, so that it is retired in time rather than held until the process ends
        long now = context.currentSystemTimeMs();
        lastPlanes.seenIn(registrations, now);
        lastPlanes.seenIn(openPlanes, now);
        lastTickMs = now;
        context.schedule(Duration.ofMillis(config.punctuateMs()), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void close() {
        if (planeSource != null) {
            planeSource.close();
            planeSource = null;
        }
    }

    @Override
    public void process(Record<String, ImagingInput> record) {
        if (record.value().block() != null) {
            onBlock(record.value().block());
        } else if (record.value().request() != null) {
            onResegmentRequest(record.value().request());
        } else {
            onPlane(record.value().plane());
        }
    }

    // ------------------------------------------------------------------------------------------ segmentation

    private void onBlock(NeuronTableBlock b) {
        counters.segmentationBlocks.incrementAndGet();
        SessionImaging s = state(b.session());
        long current = s == null ? -1 : s.table.version();
        if (b.version() < current) {
            dead(Topics.SEGMENTATION.name(), Keys.blockKey(b.session(), b.block()),
                    Topics.SEGMENTATION.valueSerde().serializer().serialize(Topics.SEGMENTATION.name(), b),
                    Rejection.STALE_SEGMENTATION, "segmentation block " + b.block() + " of version " + b.version() + " is older than version "
                            + current + " in use");
            return;
        }
        blocks.put(Keys.blockKey(b.session(), b.block()), b);
        Map<Integer, NeuronTableBlock> known = blocksOf(b.session());
        known.put(b.block(), b);
        if (b.version() == current) {
            return;
        }
        List<NeuronTableBlock> version = new ArrayList<>();
        int neurons = 0;
        for (NeuronTableBlock x : known.values()) {
            if (x.version() == b.version()) {
                version.add(x);
                neurons += x.neuronCount();
            }
        }
        if (neurons < b.totalNeurons()) {
            return; // more blocks of this version to come
        }
        try {
            install(NeuronFootprints.assemble(version), true);
        } catch (IllegalArgumentException e) {
            dead(Topics.SEGMENTATION.name(), Keys.blockKey(b.session(), b.block()),
                    Topics.SEGMENTATION.valueSerde().serializer().serialize(Topics.SEGMENTATION.name(), b),
                    Rejection.INCONSISTENT_SEGMENTATION, "segmentation version " + b.version() + " of session " + b.session() + " is inconsistent: "
                            + e.getMessage());
        }
    }

    private SessionImaging install(NeuronFootprints table, boolean fresh) {
        String session = table.session();
        SessionDetection handover = detecting.remove(session);
        SessionDetection again = redetecting.remove(session);
        if (again != null && again.publishedVersion == table.version()) {
            handover = again; // the re-detected table keeps the registration its footprints were found in
        } else if (again != null) {
            LOG.info("session {}: re-segmentation abandoned, table version {} arrived first", session,
                    table.version());
        }
        // planes of an old table's frames still waiting for their volume's registration go to the new table
        List<SessionDetection.Waiting> carried = new ArrayList<>();
        SessionImaging previous = fresh ? sessions.get(session) : null;
        if (previous != null) {
            previous.pending.values().forEach(pd -> {
                for (int z = 0; z < pd.planes.length; z++) {
                    if (pd.planes[z] != null) {
                        carried.add(new SessionDetection.Waiting(pd.planes[z], pd.refs[z]));
                    }
                }
            });
        }
        SessionImaging s = new SessionImaging(table, config,
                handover != null && config.register() && handover.fits(table.width(), table.height(), table.depth())
                        ? handover.registration : null);
        if (fresh) {
            // a new table: other neurons, so the ΔF/F history starts over; older versions' blocks go
            Map<Integer, NeuronTableBlock> known = blocksOf(session);
            List<Integer> stale = new ArrayList<>();
            known.forEach((block, nb) -> {
                if (nb.version() != table.version()) {
                    stale.add(block);
                }
            });
            for (int block : stale) {
                known.remove(block);
                blocks.delete(Keys.blockKey(session, block));
            }
            historyKeysOf(session).forEach(history::delete);
            forgetOpenPlanes(session);
            forgetRegistration(session);
            LOG.info("session {}: neuron table version {} ({} neurons, {}×{}×{}) in use", session, table.version(),
                    table.neurons(), table.width(), table.height(), table.depth());
            if (s.framesInFlight < config.maxFramesInFlight()) {
                LOG.info("session {}: at most {} frames held open waiting for planes (a volume is {} MB; the heap "
                        + "is {} MB, {} MB of it kept for the rest)", session, s.framesInFlight,
                        2L * table.width() * table.height() * table.depth() / 1_000_000,
                        Runtime.getRuntime().maxMemory() >> 20, SessionImaging.HEAP_RESERVE_MB);
            }
        } else {
            float[] lastRaw = null;
            long last = -1;
            try (KeyValueIterator<String, byte[]> it = history.prefixScan(session + "/", KEYS)) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    float[] raw = decode(kv.value, table.neurons());
                    if (raw != null) {
                        s.dff.update(raw, s.dffOut);
                        last = Long.parseLong(kv.key.substring(session.length() + 1));
                        lastRaw = raw;
                    }
                }
            }
            if (last >= 0) {
                s.assembler.resumeAfter(last, lastRaw);
            }
            java.util.Arrays.fill(s.newestFrameOfZ, last);
            restoreRegistration(s);
            int open = restoreOpenPlanes(s);
            LOG.info("session {}: table version {} restored, ΔF/F window replayed from {} frames, {} planes of "
                    + "unfinished frames taken up again", session, table.version(), s.dff.frames(), open);
        }
        counters.tables.incrementAndGet();
        counters.neurons.set(table.neurons());
        sessions.put(session, s);
        carried.forEach(w -> usePlane(w.plane(), w.ref()));
        if (handover != null) {
            // planes that waited for the detected table are extracted now, in arrival order
            SessionDetection.Waiting w;
            while ((w = handover.waiting.poll()) != null) {
                usePlane(w.plane(), w.ref());
            }
        }
        return s;
    }

    /** The session's live state, rebuilt from the stores when not cached; null without a complete table. */
    private SessionImaging state(String session) {
        SessionImaging s = sessions.get(session);
        if (s != null) {
            return s;
        }
        Map<Long, List<NeuronTableBlock>> byVersion = new HashMap<>();
        for (NeuronTableBlock nb : blocksOf(session).values()) {
            byVersion.computeIfAbsent(nb.version(), v -> new ArrayList<>()).add(nb);
        }
        return byVersion.keySet().stream().sorted((a, b) -> Long.compare(b, a)).map(v -> {
            try {
                return NeuronFootprints.assemble(byVersion.get(v));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }).filter(t -> t != null).findFirst().map(t -> install(t, false)).orElse(null);
    }

    /** The session's blocks in the segmentation store, read from the store on first use only. */
    private Map<Integer, NeuronTableBlock> blocksOf(String session) {
        Map<Integer, NeuronTableBlock> known = tableBlocks.get(session);
        if (known == null) {
            known = new HashMap<>();
            try (KeyValueIterator<String, NeuronTableBlock> it = blocks.prefixScan(session + "/", KEYS)) {
                while (it.hasNext()) {
                    NeuronTableBlock nb = it.next().value;
                    known.put(nb.block(), nb);
                }
            }
            tableBlocks.put(session, known);
        }
        return known;
    }

    /**
     * A plane of a session without a table while online segmentation is on: gathered into the session's registered
     * mean; once enough volumes are in, nuclei are detected and the table goes to {@code zl.segmentation} (it comes
     * back through that topic like any published table). Planes used this way yield no traces.
     */
    private void segmentOnline(Plane p, PlaneRef ref) {
        SessionDetection d = detecting.get(p.session());
        if (d != null && !d.fits(p.planeWidth(), p.planeHeight(), p.planesPerVolume())) {
            rejectPlane(p, ref, Rejection.PLANE_SHAPE, "plane shape " + p.planeWidth() + "×" + p.planeHeight() + "×"
                    + p.planesPerVolume() + " differs from the session's first planes");
            return;
        }
        if (d == null) {
            d = new SessionDetection(p.session(), p.planeWidth(), p.planeHeight(), p.planesPerVolume(), config);
            detecting.put(p.session(), d);
            LOG.info("session {}: no neuron table; segmenting online from the first {} volumes", p.session(),
                    config.detectVolumes());
        }
        if (d.detecting) {
            SessionDetection.Waiting out = d.await(new SessionDetection.Waiting(p, ref));
            if (out != null) {
                Plane dropped = out.plane();
                rejectPlane(dropped, out.ref(), Rejection.NO_SEGMENTATION, "plane z=" + dropped.z() + " of frame "
                        + dropped.frame() + " arrived while the "
                        + "detected neuron table was on its way, beyond the frames that can wait for it");
            }
            return;
        }
        if (!d.offer(p.frame(), p.z(), p.acquisitionNs(), p.pixels())) {
            return;
        }
        d.detecting = true;
        detectAndPublish(d);
    }

    /** Detects the nuclei on the detection's mean and sends the table, as the next version, to zl.segmentation. */
    private void detectAndPublish(SessionDetection d) {
        long t0 = System.nanoTime();
        long version = 1;
        for (NeuronTableBlock nb : blocksOf(d.session).values()) {
            version = Math.max(version, nb.version() + 1);
        }
        List<NeuronTableBlock> table = d.detect(version);
        d.publishedVersion = version;
        counters.detections.incrementAndGet();
        LOG.info("session {}: {} nuclei detected on the registered mean of {} volumes in {} ms; publishing neuron "
                + "table version {}", d.session, table.isEmpty() ? 0 : table.get(0).totalNeurons(),
                d.volumesAveraged(), (System.nanoTime() - t0) / 1_000_000, version);
        for (NeuronTableBlock nb : table) {
            context.forward(new Record<>(Keys.blockKey(nb.session(), nb.block()), nb, context.currentStreamTimeMs()));
        }
    }

    /**
     * A request to detect a session's nuclei again: its next volumes, as its extraction registers them, are
     * averaged and a new table version is published; the old table stays in use until the new one is in. A
     * session without a table (or already detecting) has nothing to re-run.
     */
    private void onResegmentRequest(RigEvent e) {
        SessionImaging s = state(e.session());
        if (s == null || detecting.containsKey(e.session())) {
            LOG.warn("session {}: re-segmentation requested before the session has a neuron table; nothing to re-run",
                    e.session());
            return;
        }
        if (redetecting.containsKey(e.session())) {
            LOG.info("session {}: re-segmentation requested while one is under way; the running one stands",
                    e.session());
            return;
        }
        int volumes = config.detectVolumes() > 0 ? config.detectVolumes() : ImagingConfig.DEFAULT_DETECT_VOLUMES;
        NeuronFootprints t = s.table;
        redetecting.put(e.session(), SessionDetection.again(e.session(), t.width(), t.height(), t.depth(), config,
                volumes, s.registration));
        counters.resegmentRequests.incrementAndGet();
        LOG.info("session {}: re-segmentation requested; detecting nuclei again on the next {} registered volumes "
                + "(traces go on with table version {} meanwhile)", e.session(), volumes, t.version());
    }

    /** Hands a registered whole volume (or, without registration, a plane) to a re-detection under way. */
    private void feedRedetection(SessionImaging s, Plane[] volume, Plane plane) {
        SessionDetection d = redetecting.get(s.table.session());
        if (d == null || d.publishedVersion >= 0) {
            return;
        }
        boolean ready;
        if (volume != null) {
            boolean ref = s.registration != null && s.registration.hasReference();
            ready = d.addVolume(volume, ref ? s.dx : 0, ref ? s.dy : 0);
        } else {
            d.addPlane(plane, 0, 0);
            ready = plane.z() == plane.planesPerVolume() - 1 && d.volumeDone();
        }
        if (ready) {
            detectAndPublish(d);
        }
    }

    // ------------------------------------------------------------------------------------------ planes

    private void onPlane(PlaneRef ref) {
        counters.planes.incrementAndGet();
        Plane p = resolve(ref);
        if (p == null) {
            return;
        }
        if (!config.replay()) {
            lastPlanes.seen(p.session(), context.currentSystemTimeMs());
        }
        usePlane(p, ref);
    }

    /** The plane {@code ref} points to, or null (dead-lettered, with the reason) when it cannot be read back. */
    private Plane resolve(PlaneRef ref) {
        long before = planeSource.fetched();
        try {
            Plane p = planeSource.read(ref);
            if (planeSource.fetched() > before) {
                counters.planesReadBack.incrementAndGet();
            }
            return p;
        } catch (PlaneSource.PlaneUnavailableException e) {
            dead(Topics.PLANES.name(), Keys.planeKey(ref.session(), ref.z()), ref.partition(), ref.offset(),
                    ref.encode(), Rejection.PLANE_UNAVAILABLE, "session " + ref.session() + ": " + e.getMessage()
                            + "; the frame goes on without it");
            return null;
        }
    }

    private void usePlane(Plane p, PlaneRef ref) {
        SessionImaging s = state(p.session());
        if (s == null) {
            if (config.detectVolumes() > 0 && p.isWholePlane()) {
                segmentOnline(p, ref);
            } else {
                rejectPlane(p, ref, Rejection.NO_SEGMENTATION, "no segmentation for session " + p.session() + " yet");
            }
            return;
        }
        s.heard(p.z());
        NeuronFootprints t = s.table;
        if (p.planeWidth() != t.width() || p.planeHeight() != t.height() || p.planesPerVolume() != t.depth()) {
            rejectPlane(p, ref, Rejection.PLANE_SHAPE, "plane shape " + p.planeWidth() + "×" + p.planeHeight() + "×"
                    + p.planesPerVolume()
                    + " does not match the segmentation's " + t.width() + "×" + t.height() + "×" + t.depth());
            return;
        }
        if (!p.isWholePlane()) {
            rejectPlane(p, ref, Rejection.TILED_PLANE, "tiled planes are not supported by trace extraction yet");
            return;
        }
        long t0 = System.nanoTime();
        finished.clear();
        FrameAssembler.Arrival a;
        if (s.assembler.wouldAccept(p.frame(), p.z())) {
            a = hold(s, p, ref);
        } else {
            a = offer(s, p, context.currentSystemTimeMs());
            if (s.registration == null && a == FrameAssembler.Arrival.ACCEPTED) {
                feedRedetection(s, null, p);
            }
        }
        counters.processNs.addAndGet(System.nanoTime() - t0);
        switch (a) {
            case DUPLICATE_PLANE -> rejectPlane(p, ref, Rejection.DUPLICATE_PLANE, "duplicate plane z=" + p.z()
                    + " of frame " + p.frame());
            case LATE_FRAME -> rejectPlane(p, ref, Rejection.LATE_PLANE, "plane z=" + p.z() + " of frame " + p.frame()
                    + " arrived after frame " + s.assembler.lastEmitted() + " was emitted (late or out of order)");
            case BAD_PLANE -> rejectPlane(p, ref, Rejection.BAD_PLANE, "plane z=" + p.z()
                    + " does not fit the segmentation");
            default -> {
            }
        }
        emit(s, finished);
    }

    /**
     * A plane waits (with its frame's other planes, in {@value ImagingTopology#OPEN_PLANES_STORE} too) until its
     * frame is final: then its planes are extracted in z order (the same sums whatever order they came in), with
     * registration on, after the frame's own volume is registered (so with its own shift, not the previous one's).
     */
    private FrameAssembler.Arrival hold(SessionImaging s, Plane p, PlaneRef ref) {
        SessionImaging.Pending pd = s.pending.get(p.frame());
        if (pd != null && pd.planes[p.z()] != null) {
            return FrameAssembler.Arrival.DUPLICATE_PLANE;
        }
        long now = context.currentSystemTimeMs();
        keep(s, p, ref);
        // the reference only: after a restart the plane is read back from zl.imaging.planes
        openPlanes.put(openKey(p.session(), p.frame(), p.z()), ref.encode());
        release(s, now);
        return FrameAssembler.Arrival.ACCEPTED;
    }

    /** Adds a plane to its frame's waiting planes (and projection). */
    private void keep(SessionImaging s, Plane p, PlaneRef ref) {
        if (s.registration != null) {
            float[] proj = s.projections.get(p.frame());
            if (proj == null) {
                proj = s.spareProjections.isEmpty() ? s.registration.newProjection() : s.spareProjections.pop();
                s.projections.put(p.frame(), proj);
            }
            s.registration.addPlane(proj, p.pixels());
        }
        SessionImaging.Pending pd = s.pending.get(p.frame());
        if (pd == null) {
            pd = new SessionImaging.Pending(s.table.depth(), p.acquisitionNs());
            s.pending.put(p.frame(), pd);
        }
        pd.planes[p.z()] = p;
        pd.refs[p.z()] = ref;
        pd.count++;
        s.received(p);
        s.newestFrameOfZ[p.z()] = Math.max(s.newestFrameOfZ[p.z()], p.frame());
    }

    /**
     * Hands waiting frames to extraction in frame order: the oldest once final — complete (registered first), or
     * every missing plane's z already past it — or, unless replaying, when it has waited the frame timeout or too
     * many frames wait (then unregistered, with the newest shift, and partial).
     */
    private void release(SessionImaging s, long now) {
        while (!s.pending.isEmpty()) {
            Map.Entry<Long, SessionImaging.Pending> e = s.pending.firstEntry();
            long frame = e.getKey();
            SessionImaging.Pending pd = e.getValue();
            boolean complete = pd.count == s.table.depth();
            if (!complete) {
                String why = s.missingPlanesPassed(frame, pd) ? "its missing planes' streams moved on to later frames"
                        : s.pending.size() > s.framesInFlight
                        ? "more than " + s.framesInFlight + " frames waiting"
                        : s.waitedOut(pd, config.frameTimeoutMs());
                if (why == null) {
                    return;
                }
                s.whyPartial.put(frame, why);
            }
            s.pending.pollFirstEntry();
            if (complete) {
                register(s, frame, true);
                feedRedetection(s, pd.planes, null);
            }
            for (Plane q : pd.planes) {
                if (q != null) {
                    offer(s, q, now);
                    openPlanes.delete(openKey(s.table.session(), frame, q.z()));
                }
            }
            s.assembler.finishThrough(frame, finished);
        }
    }

    /**
     * Takes up the planes of unfinished frames saved (by reference) before a restart, read back from
     * zl.imaging.planes (nothing is final among them).
     */
    private int restoreOpenPlanes(SessionImaging s) {
        List<PlaneRef> refs = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = openPlanes.prefixScan(s.table.session() + "/", KEYS)) {
            it.forEachRemaining(kv -> {
                try {
                    refs.add(PlaneRef.decode(kv.value));
                } catch (MalformedRecordException e) {
                    unreadable.add(kv.key); // saved by a version that kept whole planes here
                }
            });
        }
        unreadable.forEach(openPlanes::delete);
        // read back in offset order per partition, as the fetcher reads forward
        refs.sort(java.util.Comparator.comparingInt(PlaneRef::partition).thenComparingLong(PlaneRef::offset));
        int n = 0;
        for (PlaneRef ref : refs) {
            Plane p = resolve(ref);
            if (p != null && s.assembler.wouldAccept(p.frame(), p.z()) && p.planeWidth() == s.table.width()
                    && p.planeHeight() == s.table.height() && p.planesPerVolume() == s.table.depth()) {
                keep(s, p, ref);
                n++;
            } else if (p == null) {
                openPlanes.delete(openKey(ref.session(), ref.frame(), ref.z()));
            }
        }
        return n;
    }

    /** The session's keys in the raw-F history store, oldest frame first. */
    private List<String> historyKeysOf(String session) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = history.prefixScan(session + "/", KEYS)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private void forgetRegistration(String session) {
        registrations.delete(RegistrationSnapshot.referenceKey(session));
        registrations.delete(RegistrationSnapshot.shiftKey(session));
    }

    private void forgetOpenPlanes(String session) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = openPlanes.prefixScan(session + "/", KEYS)) {
            it.forEachRemaining(kv -> old.add(kv.key));
        }
        old.forEach(openPlanes::delete);
    }

    /** The reference under construction and the shift in use, as saved before a restart. */
    private void restoreRegistration(SessionImaging s) {
        if (s.registration == null) {
            return;
        }
        String session = s.table.session();
        byte[] ref = registrations.get(RegistrationSnapshot.referenceKey(session));
        if (ref != null) {
            double[] sum = RegistrationSnapshot.referenceSum(ref,
                    s.registration.projectionWidth() * s.registration.projectionHeight());
            if (sum != null) {
                s.registration.restoreReference(sum, RegistrationSnapshot.referenceCount(ref));
            }
        }
        byte[] shift = registrations.get(RegistrationSnapshot.shiftKey(session));
        if (shift != null) {
            RegistrationSnapshot.restoreShift(shift, s);
        }
    }

    private FrameAssembler.Arrival offer(SessionImaging s, Plane p, long nowMs) {
        return s.neuronDx != null
                ? s.assembler.offer(p.frame(), p.z(), p.acquisitionNs(), p.pixels(), s.neuronDx, s.neuronDy, 0,
                        nowMs, finished)
                : s.assembler.offer(p.frame(), p.z(), p.acquisitionNs(), p.pixels(), s.dx, s.dy, 0, nowMs,
                        finished);
    }

    private void expire(long now) {
        // a tick's share of waiting is bounded: a thread that could not tick (a long commit, a pause) did not wait
        long step = Math.min(Math.max(0, now - lastTickMs), MAX_TICKS_COUNTED * config.punctuateMs());
        lastTickMs = now;
        for (SessionImaging s : sessions.values()) {
            s.idle(step);
            finished.clear();
            release(s, now);
            s.assembler.expire(now, finished);
            emit(s, finished);
        }
        retireIdle(now);
    }

    /**
     * Retires every session without a plane for {@link ImagingConfig#retireAfterMs()}: a long-running processor
     * sees session after session, and each held its ΔF/F window (neurons × window floats, in memory and in the
     * history store), registration and open planes for good. Its neuron table stays (in the store, read again on
     * demand): planes that come later are traced, with a ΔF/F window started afresh from the newest frame kept.
     */
    private void retireIdle(long now) {
        for (String session : lastPlanes.takeIdle(now, config.retireAfterMs())) {
            SessionImaging s = sessions.remove(session);
            tableBlocks.remove(session);
            boolean detection = detecting.remove(session) != null | redetecting.remove(session) != null;
            // keep the newest frame of raw F: a session that comes back still refuses frames older than it
            List<String> old = historyKeysOf(session);
            old.subList(0, Math.max(0, old.size() - 1)).forEach(history::delete);
            forgetOpenPlanes(session);
            forgetRegistration(session);
            if (s == null && old.isEmpty() && !detection) {
                continue; // it never had a table here (its planes were dead-lettered): nothing was held
            }
            counters.retiredSessions.incrementAndGet();
            LOG.info("session {}: no plane for {} min: retired, its ΔF/F window{} freed (the neuron table is kept; "
                    + "planes that come later start a new ΔF/F window)", session, config.retireAfterMs() / 60_000,
                    s == null ? "" : " of " + s.table.neurons() + " neurons, registration and open planes");
        }
    }

    private void emit(SessionImaging s, List<FrameAssembler.Frame> frames) {
        String session = s.table.session();
        int n = s.table.neurons();
        for (FrameAssembler.Frame f : frames) {
            long t0 = System.nanoTime();
            register(s, f.frame(), !f.partial());
            s.dff.update(f.raw(), s.dffOut);
            history.put(historyKey(session, f.frame()), encode(f.raw()));
            // keep the raw frames a restart replays to rebuild the ΔF/F state exactly (window + smoothing)
            long drop = f.frame() - s.dff.historyFrames();
            if (drop >= 0) {
                List<String> old = new ArrayList<>();
                try (KeyValueIterator<String, byte[]> it = history.range(historyKey(session, 0),
                        historyKey(session, drop))) {
                    it.forEachRemaining(kv -> old.add(kv.key));
                }
                old.forEach(history::delete);
            }
            counters.frames.incrementAndGet();
            if (f.partial()) {
                counters.partialFrames.incrementAndGet();
                LOG.warn("session {}: frame {} emitted partial ({} of {} planes): {}", session, f.frame(),
                        f.planesReceived(), s.table.depth(), s.whyPartial.getOrDefault(f.frame(), "gave up waiting"));
            }
            s.whyPartial.remove(f.frame());
            for (int b = 0; b * BLOCK < n; b++) {
                int from = b * BLOCK;
                int to = Math.min(n, from + BLOCK);
                TraceBlock tb = new TraceBlock(session, f.frame(), b, from, f.newestAcquisitionNs(), f.partial(),
                        Arrays.copyOfRange(s.dffOut, from, to), Arrays.copyOfRange(f.raw(), from, to));
                context.forward(new Record<>(Keys.blockKey(session, b), tb, f.newestAcquisitionNs() / 1_000_000));
                counters.traceBlocks.incrementAndGet();
            }
            counters.traceLatency.record(org.zaploop.protocol.ZapLoopClock.nowNs() - f.newestAcquisitionNs());
            counters.processNs.addAndGet(System.nanoTime() - t0);
        }
    }

    /**
     * Registers a whole volume (in frame order): its rigid shift and patch field become the ones its own held planes
     * and later released planes are extracted with; partial volumes neither update the shift nor join the reference.
     */
    private void register(SessionImaging s, long frame, boolean whole) {
        float[] proj = s.projections.remove(frame);
        if (proj == null) {
            return;
        }
        if (whole) {
            boolean building = !s.registration.hasReference();
            Registration.Shift sh = s.registration.finishVolume(proj);
            String session = s.table.session();
            if (building) {
                registrations.put(RegistrationSnapshot.referenceKey(session), RegistrationSnapshot.reference(
                        s.registration.referenceCount(), s.registration.referenceSum()));
            }
            if (s.registration.hasReference()) {
                s.dx = sh.dx();
                s.dy = sh.dy();
                s.refine(proj, sh);
                counters.shift(session, frame, sh.dx(), sh.dy());
                registrations.put(RegistrationSnapshot.shiftKey(session),
                        RegistrationSnapshot.shift(s.dx, s.dy, s.neuronDx, s.neuronDy));
            }
        }
        s.registration.clearProjection(proj);
        s.spareProjections.push(proj);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Dead-letters a plane, giving its partition and offset in zl.imaging.planes. */
    private void rejectPlane(Plane p, PlaneRef ref, Rejection why, String reason) {
        dead(Topics.PLANES.name(), Keys.planeKey(p.session(), p.z()), ref.partition(), ref.offset(),
                Topics.PLANES.valueSerde().serializer().serialize(Topics.PLANES.name(), p), why, reason);
    }

    private void dead(String topic, String key, byte[] value, Rejection why, String reason) {
        RecordMetadata m = context.recordMetadata().orElse(null);
        dead(topic, key, m == null ? 0 : m.partition(), m == null ? 0 : Math.max(0, m.offset()), value, why, reason);
    }

    private void dead(String topic, String key, int partition, long offset, byte[] value, Rejection why,
                      String reason) {
        counters.rejected.incrementAndGet();
        counters.rejectedBy.incrementAndGet(why.ordinal());
        DeadLetter dl = DeadLetter.of(topic, partition, offset, System.currentTimeMillis() * 1_000_000L, reason,
                key.getBytes(StandardCharsets.UTF_8), value);
        context.forward(new Record<>(topic, dl, context.currentStreamTimeMs()));
    }

    static String openKey(String session, long frame, int z) {
        return session + "/" + String.format("%012d/%05d", frame, z);
    }

    static String historyKey(String session, long frame) {
        return session + "/" + String.format("%012d", frame);
    }

    static byte[] encode(float[] raw) {
        ByteBuffer b = ByteBuffer.allocate(4 * raw.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(raw);
        return b.array();
    }

    static float[] decode(byte[] bytes, int neurons) {
        if (bytes == null || bytes.length != 4 * neurons) {
            return null;
        }
        float[] raw = new float[neurons];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(raw);
        return raw;
    }
}
