package org.zaploop.ingest.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.ArchiveNote;
import org.zaploop.protocol.archive.CommitRecord;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.TraceBlock;

/**
 * The recorder's logic, without Kafka: takes the decoded records of one session with where they came from
 * ({@code source} = {@code topic/partition}, offset) and writes them into a {@link SessionArchive}: planes (tiles
 * assembled) into {@code raw}, ephys by sample index (gaps NaN and noted, duplicates dropped and counted), rig
 * events as JSON lines, trace blocks assembled into frames of all neurons, the newest complete neuron table
 * with its label volume. The archive's meta is completed from the data as it arrives (geometry from the first
 * plane, ephys layout from the first block, neuron count from the settings, the {@code SESSION_START} event or
 * the segmentation).
 *
 * <p>Every commit of the archive stores, per source, the offset from which a restarted recorder must read again
 * ({@link OffsetLedger}), so the data and the positions are committed together: {@link #open} on the same
 * directory resumes exactly there and the finished archive equals an uninterrupted recording. Not thread-safe:
 * one thread calls everything. Reads and writes no topic itself (the {@link Recorder} adapter does).
 */
public final class SessionRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionRecorder.class);

    private final SessionArchive archive;
    private final RecorderSettings settings;
    private final boolean resumed;
    private final OffsetLedger ledger = new OffsetLedger();
    private final PlaneAssembler tiles = new PlaneAssembler();
    private final SegmentationAssembler segmentation = new SegmentationAssembler();
    private final List<ArchiveNote> notesBefore;
    private final List<Object[]> waitingTraces = new ArrayList<>();
    private VolumeTracker volumes;
    private TraceFrameAssembler traces;
    private EphysSequencer ephys;
    private boolean periodGiven;
    private boolean sessionEnded;
    private Runnable beforeCommit = () -> { };
    private long records;
    private long otherSessions;
    private long deadLetters;
    private long bytes;
    private long planes;
    private long events;
    private long ephysGaps;
    private long ephysGapSamples;
    private long ephysDupBlocks;
    private long ephysDupSamples;
    private long volumesGivenUp;
    private long traceFramesGivenUp;
    private long commits;

    private SessionRecorder(SessionArchive archive, RecorderSettings settings, boolean resumed) throws IOException {
        this.archive = archive;
        this.settings = settings;
        this.resumed = resumed;
        this.notesBefore = resumed ? archive.notes() : List.of();
        ArchiveMeta m = archive.meta();
        CommitRecord c = archive.commit();
        this.volumes = new VolumeTracker(m.depth(), c.rawFrames(), settings.window());
        if (m.neurons() > 0) {
            traces = new TraceFrameAssembler(m.neurons(), c.traceFrames(), settings.window());
        }
        if (m.ephysChannels() > 0) {
            ephys = new EphysSequencer(c.ephysSamples());
        }
        this.periodGiven = settings.volumePeriodS() > 0;
        if (resumed) {
            sessionEnded = archive.rigEvents().stream().anyMatch(e -> e.kind() == RigEventKind.SESSION_END);
            events = archive.rigEvents().size();
        }
        archive.setSourcePositions(next -> {
            beforeCommit.run();
            commits++;
            return ledger.positions(next.rawFrames(), next.traceFrames(), next.ephysSamples(),
                    segmentation.writtenVersion());
        });
    }

    /**
     * Opens the recording in {@code settings.out()}: resumes it if the directory holds an archive (which must be
     * of the same session), else creates one. Throws with a plain message if the directory holds something else.
     */
    public static SessionRecorder open(RecorderSettings settings) throws IOException {
        Path out = settings.out();
        if (Files.isRegularFile(out.resolve(CommitRecord.FILE))) {
            SessionArchive a = SessionArchive.resume(out);
            if (!a.meta().sessionId().equals(settings.session())) {
                a.close();
                throw new IOException(out + " holds a recording of session " + a.meta().sessionId() + ", not "
                        + settings.session() + ": choose another --out directory");
            }
            log.info("Resuming the recording of {} in {}: {}", settings.session(), out, a.commit());
            return new SessionRecorder(a, settings, true);
        }
        ArchiveMeta meta = ArchiveMeta.zapbench(settings.session(), settings.neurons());
        if (settings.volumePeriodS() > 0) {
            meta = meta.withVolumePeriod(settings.volumePeriodS());
        }
        return new SessionRecorder(SessionArchive.create(out, meta), settings, false);
    }

    /** Runs before every commit (the adapter flushes its dead-letter producer so no rejection is lost). */
    public void beforeCommit(Runnable r) {
        this.beforeCommit = r;
    }

    /** The offsets stored by the last commit: where to start reading each source (absent = from the start). */
    public Map<String, Long> startPositions() {
        return archive.commit().sources();
    }

    /** Starts tracking a source ({@code topic/partition}) whose next offset to read is {@code position}. */
    public void track(String source, String topic, long position) {
        ledger.start(source, cover(topic), position);
    }

    public boolean tracks(String source) {
        return ledger.tracks(source);
    }

    private static OffsetLedger.Cover cover(String topic) {
        return switch (topic) {
            case "zl.imaging.planes" -> OffsetLedger.Cover.RAW_FRAME;
            case "zl.traces" -> OffsetLedger.Cover.TRACE_FRAME;
            case "zl.ephys.blocks" -> OffsetLedger.Cover.EPHYS_SAMPLE;
            case "zl.segmentation" -> OffsetLedger.Cover.SEGMENTATION_VERSION;
            default -> OffsetLedger.Cover.IMMEDIATE;
        };
    }

    public SessionArchive archive() {
        return archive;
    }

    public String session() {
        return settings.session();
    }

    /** A {@code SESSION_END} event of this session has been stored. */
    public boolean sessionEnded() {
        return sessionEnded;
    }

    // ------------------------------------------------------------------------------------------ skipped

    /** A record of another session: only the position moves. */
    public void otherSession(String source, long offset, int size) {
        records++;
        bytes += size;
        otherSessions++;
        ledger.done(source, offset);
    }

    /** A record sent to the dead-letter topic (malformed, or not fitting the archive). */
    public void deadLetter(String source, long offset, int size) {
        records++;
        bytes += size;
        deadLetters++;
        ledger.done(source, offset);
    }

    /** A record of this session with nothing to store (a segmentation tombstone). */
    public void ignored(String source, long offset, int size) {
        records++;
        bytes += size;
        ledger.done(source, offset);
    }

    // ------------------------------------------------------------------------------------------ planes

    public void plane(String source, long offset, int size, Plane p) throws IOException, RecordRejectedException {
        records++;
        bytes += size;
        ArchiveMeta m = archive.meta();
        if (p.planeWidth() != m.width() || p.planeHeight() != m.height() || p.planesPerVolume() != m.depth()) {
            reshape(p.planeWidth(), p.planeHeight(), p.planesPerVolume(), "plane");
            m = archive.meta();
        }
        ledger.pending(source, offset, p.frame());
        planes++;
        if (m.frameZeroNs() == ArchiveMeta.UNKNOWN_TIME) {
            startTimes(p.acquisitionNs() - Math.round((p.frame() + (double) p.z() / m.depth()) * period() * 1e9),
                    m.sampleZeroNs());
        }
        if (p.frame() < archive.commit().rawFrames()) {
            return; // a volume already committed: a redelivered or late plane
        }
        short[] whole = tiles.add(p);
        if (whole != null) {
            storePlane(p.frame(), p.z(), whole);
        }
    }

    private void storePlane(long frame, int z, short[] pixels) throws IOException {
        archive.writePlane(frame, z, pixels);
        volumes.committed(archive.commit().rawFrames());
        for (VolumeTracker.Missing miss : volumes.stored(frame, z)) {
            short[] zeros = new short[archive.meta().planePixels()];
            note(new ArchiveNote(ArchiveNote.PLANES_MISSING, Math.max(0, archive.meta().planeTimeNs(miss.frame(), 0)),
                    miss.frame(), miss.missing().size(), "planes " + miss.missing() + " never arrived; stored as 0"));
            volumesGivenUp++;
            for (int k : miss.missing()) {
                archive.writePlane(miss.frame(), k, zeros);
            }
            volumes.committed(archive.commit().rawFrames());
        }
        tiles.dropBelow(archive.commit().rawFrames());
    }

    private void reshape(int w, int h, int d, String what) throws IOException, RecordRejectedException {
        ArchiveMeta m = archive.meta();
        try {
            archive.updateMeta(m.withGeometry(w, h, d));
        } catch (IllegalStateException e) {
            throw new RecordRejectedException(what + " of a " + w + "×" + h + "×" + d + " volume does not fit the "
                    + m.width() + "×" + m.height() + "×" + m.depth() + " archive");
        }
        volumes = new VolumeTracker(d, archive.commit().rawFrames(), settings.window());
    }

    // ------------------------------------------------------------------------------------------ ephys

    public void ephys(String source, long offset, int size, EphysBlock b) throws IOException, RecordRejectedException {
        records++;
        bytes += size;
        ArchiveMeta m = archive.meta();
        if (b.channels() != m.ephysChannels() || Double.compare(b.sampleRateHz(), m.ephysSampleRateHz()) != 0) {
            boolean empty = archive.commit().ephysSamples() == 0 && (ephys == null || ephys.next() == 0);
            if (!empty) {
                throw new RecordRejectedException("ephys block of " + b.channels() + " channels at "
                        + b.sampleRateHz() + " Hz does not fit the archive's " + m.ephysChannels() + " channels at "
                        + m.ephysSampleRateHz() + " Hz");
            }
            archive.updateMeta(m.withEphys(b.channels(), b.sampleRateHz()));
            ephys = new EphysSequencer(0);
            m = archive.meta();
        }
        ledger.pending(source, offset, b.firstSample() + b.samples() - 1);
        if (m.sampleZeroNs() == ArchiveMeta.UNKNOWN_TIME) {
            startTimes(m.frameZeroNs(), Math.max(0, b.acquisitionNs()
                    - Math.round(b.firstSample() / b.sampleRateHz() * 1e9)));
        }
        EphysSequencer.Verdict v = ephys.accept(b.firstSample(), b.samples());
        if (v.duplicateSamples() > 0) {
            ephysDupBlocks++;
            ephysDupSamples += v.duplicateSamples();
            if (v.allDuplicate(b.samples())) {
                return;
            }
        }
        if (v.gapCount() > 0) {
            ephysGaps++;
            ephysGapSamples += v.gapCount();
            note(new ArchiveNote(ArchiveNote.EPHYS_GAP, Math.max(0, m.sampleTimeNs(v.gapFirst())), v.gapFirst(),
                    v.gapCount(), "samples never arrived; stored as NaN"));
        }
        archive.appendEphys(b.firstSample(), b.data(), b.samples());
    }

    // ------------------------------------------------------------------------------------------ events

    public void rigEvent(String source, long offset, int size, RigEvent e) throws IOException {
        records++;
        bytes += size;
        if (e.kind() == RigEventKind.SESSION_START) {
            describe(e.params());
        }
        archive.appendEvent(e);
        events++;
        if (e.kind() == RigEventKind.SESSION_END) {
            sessionEnded = true;
        }
        ledger.done(source, offset);
    }

    /** Takes what a {@code SESSION_START} event says about the session, where the archive still allows it. */
    private void describe(Map<String, Double> p) throws IOException {
        ArchiveMeta m = archive.meta();
        try {
            if (p.containsKey("width") && p.containsKey("height") && p.containsKey("depth")) {
                int w = p.get("width").intValue();
                int h = p.get("height").intValue();
                int d = p.get("depth").intValue();
                if (w != m.width() || h != m.height() || d != m.depth()) {
                    reshape(w, h, d, "SESSION_START");
                }
            }
        } catch (RecordRejectedException e) {
            log.warn("Ignoring the geometry of {}'s SESSION_START: {}", settings.session(), e.getMessage());
        }
        m = archive.meta();
        if (p.containsKey("voxelXUm") && p.containsKey("voxelYUm") && p.containsKey("voxelZUm")) {
            m = m.withVoxelSize(p.get("voxelXUm"), p.get("voxelYUm"), p.get("voxelZUm"));
        }
        if (!periodGiven && p.containsKey("volumePeriodS") && p.get("volumePeriodS") > 0) {
            m = m.withVolumePeriod(p.get("volumePeriodS"));
            periodGiven = true;
        }
        archive.updateMeta(m);
        if (p.containsKey("neurons") && settings.neurons() == 0) {
            neurons(p.get("neurons").intValue(), "SESSION_START");
        }
    }

    // ------------------------------------------------------------------------------------------ traces

    public void traces(String source, long offset, int size, TraceBlock t) throws IOException, RecordRejectedException {
        records++;
        bytes += size;
        ledger.pending(source, offset, t.frame());
        if (archive.meta().frameZeroNs() == ArchiveMeta.UNKNOWN_TIME) {
            startTimes(Math.max(0, t.acquisitionNs() - Math.round(t.frame() * period() * 1e9)),
                    archive.meta().sampleZeroNs());
        }
        if (traces == null) {
            waitingTraces.add(new Object[] {t.frame(), t.firstNeuron(), t.dff()});
            if (waitingTraces.size() == 1) {
                log.warn("Trace blocks of {} arrive but the neuron count is not known yet: holding them until a "
                        + "SESSION_START event or zl.segmentation says it (or pass --neurons)", settings.session());
            }
            return;
        }
        storeTraces(traces.add(t.frame(), t.firstNeuron(), t.dff()));
    }

    private void storeTraces(List<TraceFrameAssembler.Ready> ready) throws IOException {
        int n = archive.meta().neurons();
        for (TraceFrameAssembler.Ready r : ready) {
            if (r.skippedBefore() > 0) {
                note(new ArchiveNote("TRACE_FRAMES_MISSING", Math.max(0, frameTime(r.frame() - r.skippedBefore())),
                        r.frame() - r.skippedBefore(), r.skippedBefore(), "frames never arrived; stored as NaN"));
                traceFramesGivenUp += r.skippedBefore();
            }
            if (r.missingNeurons() > 0) {
                note(new ArchiveNote(ArchiveNote.TRACE_BLOCKS_MISSING, Math.max(0, frameTime(r.frame())), r.frame(),
                        r.missingNeurons(), "of " + n + " neurons never arrived; stored as NaN"));
                traceFramesGivenUp++;
            }
            archive.appendTraces(r.frame(), r.values());
        }
    }

    private long frameTime(long frame) {
        return archive.meta().planeTimeNs(frame, 0);
    }

    private void neurons(int n, String from) throws IOException {
        ArchiveMeta m = archive.meta();
        if (n <= 0 || n == m.neurons() && traces != null) {
            return;
        }
        boolean started = archive.commit().traceFrames() > 0 || traces != null && traces.next() > 0;
        if (started) {
            if (n != m.neurons()) {
                log.warn("{} says {} has {} neurons, but the archive already records {}: keeping {}", from,
                        settings.session(), n, m.neurons(), m.neurons());
            }
            return;
        }
        archive.updateMeta(m.withNeurons(n));
        traces = new TraceFrameAssembler(n, archive.commit().traceFrames(), settings.window());
        List<Object[]> held = new ArrayList<>(waitingTraces);
        waitingTraces.clear();
        for (Object[] w : held) {
            try {
                storeTraces(traces.add((Long) w[0], (Integer) w[1], (float[]) w[2]));
            } catch (RecordRejectedException e) {
                log.warn("Dropping a held trace block of {}: {}", settings.session(), e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ segmentation

    public void segmentation(String source, long offset, int size, NeuronTableBlock b)
            throws IOException, RecordRejectedException {
        records++;
        bytes += size;
        ArchiveMeta m = archive.meta();
        if (b.width() != m.width() || b.height() != m.height() || b.depth() != m.depth()) {
            reshape(b.width(), b.height(), b.depth(), "neuron table");
        }
        ledger.pending(source, offset, b.version());
        var complete = segmentation.add(b);
        if (complete.isEmpty()) {
            return;
        }
        List<NeuronTableBlock> blocks = complete.get();
        m = archive.meta();
        if (settings.neurons() == 0) {
            neurons(b.totalNeurons(), "zl.segmentation");
        }
        archive.writeLabels(SegmentationAssembler.labels(blocks, m.width(), m.height(), m.depth()));
        archive.writeNeuronTable(SegmentationAssembler.table(blocks));
        segmentation.written(b.version());
        log.info("Stored version {} of {}'s neuron table ({} neurons) and its label volume", b.version(),
                settings.session(), b.totalNeurons());
    }

    // ------------------------------------------------------------------------------------------ commit

    /** Commits what is durable with the current positions (cheap; call every few seconds). */
    public void checkpoint() throws IOException {
        archive.checkpoint();
    }

    private void startTimes(long frameZero, long sampleZero) throws IOException {
        archive.updateMeta(archive.meta().withStartTimes(Math.max(-1, frameZero), Math.max(-1, sampleZero)));
    }

    private double period() {
        return archive.meta().volumePeriodS();
    }

    private void note(ArchiveNote n) throws IOException {
        for (ArchiveNote old : notesBefore) {
            if (old.samePlace(n)) {
                return; // noted before the restart
            }
        }
        archive.appendNote(n);
        log.warn("{}: {} at {} (count {}): {}", settings.session(), n.kind(), n.first(), n.count(), n.detail());
    }

    public RecorderStats stats() {
        CommitRecord c = archive.commit();
        return new RecorderStats(resumed, records, otherSessions, deadLetters, planes, c.rawFrames(), c.traceFrames(),
                c.ephysSamples(), events, ephysGaps, ephysGapSamples, ephysDupBlocks, ephysDupSamples, volumesGivenUp,
                traceFramesGivenUp, waitingTraces.size(), commits, bytes);
    }

    /** Writes the buffered trace and ephys rows and commits; incomplete volumes and frames stay uncommitted. */
    @Override
    public void close() throws IOException {
        archive.close();
    }
}
