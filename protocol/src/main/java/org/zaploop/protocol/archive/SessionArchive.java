package org.zaploop.protocol.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.zaploop.protocol.archive.zarr.ArraySpec;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.archive.zarr.AtomicFiles;
import org.zaploop.protocol.archive.zarr.Codec;
import org.zaploop.protocol.archive.zarr.DataType;
import org.zaploop.protocol.archive.zarr.Order;
import org.zaploop.protocol.archive.zarr.ZarrArray;
import org.zaploop.protocol.archive.zarr.ZarrGroup;

/**
 * A recorded session on disk: a zarr v3 hierarchy laid out as in {@code protocol/ARCHIVE-FORMAT.md}
 * ({@code raw} [x, y, z, t] uint16, {@code traces} [t, neuron] float32, {@code ephys} [channel, sample]
 * float32, {@code segmentation} [x, y, z] uint32, the {@code neurons} table, {@code events.jsonl}, the meta as
 * root attributes, and {@code commit.json}). The same reader opens the ZAPBench release layout (a
 * {@code traces} array, optionally {@code segmentation} and {@code stimuli_features}) as a partial archive.
 *
 * <p>{@link #create} returns a writable archive for one recorder; {@link #open} a read-only one. Writes are
 * crash-safe: chunks are replaced atomically and durably, and the commit record, rewritten only after the data
 * it covers is durable, is all a reader trusts. An interrupted recording opens with every committed frame and
 * nothing past it. Planes may be written from several threads; the other writers serialise on the archive.
 * Buffers are the caller's: planes and label volumes x fastest ({@code x + y·width}), traces [frame][neuron],
 * ephys reads [channel][sample], ephys appends interleaved [sample][channel] as on the wire.
 *
 * <p>Used by the ingest recorder (writes what it consumes from {@code zl.imaging.planes}, {@code zl.traces},
 * {@code zl.ephys.blocks}, {@code zl.rig.events}, {@code zl.segmentation}) and by replay (reads); this class
 * itself reads and writes no topic or store.
 */
public final class SessionArchive implements AutoCloseable {

    public static final String RAW = "raw";
    public static final String TRACES = "traces";
    public static final String EPHYS = "ephys";
    public static final String SEGMENTATION = "segmentation";
    public static final String NEURONS = "neurons";
    public static final String STIMULI_FEATURES = "stimuli_features";
    public static final String EVENTS = EventLog.FILE;
    /** Chunk extent of {@code traces} along t and neurons (ZAPBench: [512, 512]). */
    public static final int TRACE_CHUNK = 512;
    /** Chunk extent of {@code ephys} along samples. */
    public static final int EPHYS_CHUNK = 65536;
    private static final long UNBOUNDED = 1L << 40;
    private static final RigEventCodec RIG_EVENTS = new RigEventCodec();

    private final Path root;
    private volatile ArchiveMeta meta;
    private final boolean writable;
    private final boolean zapbench;
    private volatile CommitRecord commit;
    private ZarrArray raw;
    private ZarrArray traces;
    private ZarrArray ephys;
    private ZarrArray segmentation;
    private final ZarrArray stimuliFeatures;

    // writer state, guarded by this
    private final TreeMap<Long, BitSet> pendingPlanes = new TreeMap<>();
    private long rawFrames;
    private GrowingArrayWriter traceWriter;
    private GrowingArrayWriter ephysWriter;
    private EventLog events;
    private long[] eventsDurable = {0, 0};
    private SourcePositions sourcePositions;
    private boolean closed;

    private SessionArchive(Path root, ArchiveMeta meta, boolean writable, boolean zapbench, CommitRecord commit,
                           ZarrArray raw, ZarrArray traces, ZarrArray ephys, ZarrArray segmentation,
                           ZarrArray stimuliFeatures) {
        this.root = root;
        this.meta = meta;
        this.writable = writable;
        this.zapbench = zapbench;
        this.commit = commit;
        this.raw = raw;
        this.traces = traces;
        this.ephys = ephys;
        this.segmentation = segmentation;
        this.stimuliFeatures = stimuliFeatures;
    }

    // ------------------------------------------------------------------------------------------ create / open

    /**
     * Creates an empty archive in {@code root} (which must not exist or be empty) with {@code raw}, plus
     * {@code traces} when {@code meta.neurons() > 0} and {@code ephys} when {@code meta.ephysChannels() > 0}.
     */
    public static SessionArchive create(Path root, ArchiveMeta meta) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> s = Files.list(root)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(root + ": cannot create a session archive in a non-empty directory");
                }
            }
        }
        AtomicFiles.ensureDirectories(root);
        ZarrGroup.create(root, Map.of("zaploop", meta.toJson()));
        ZarrArray raw = ZarrArray.create(root.resolve(RAW), rawSpec(meta, 0));
        ZarrArray traces = meta.neurons() == 0 ? null : ZarrArray.create(root.resolve(TRACES), traceSpec(meta, 0));
        ZarrArray ephys = meta.ephysChannels() == 0 ? null : ZarrArray.create(root.resolve(EPHYS), ephysSpec(meta, 0));
        CommitRecord.EMPTY.write(root);
        SessionArchive a = new SessionArchive(root, meta, true, false, CommitRecord.EMPTY, raw, traces, ephys, null,
                null);
        if (traces != null) {
            a.traceWriter = new GrowingArrayWriter(traces.withShape(UNBOUNDED, meta.neurons()), 0, 0);
        }
        if (ephys != null) {
            a.ephysWriter = new GrowingArrayWriter(ephys.withShape(meta.ephysChannels(), UNBOUNDED), 1, 0);
        }
        a.events = new EventLog(root);
        return a;
    }

    /**
     * Opens an archive read-only: a ZapLoop archive (has {@code commit.json}) up to its committed counts, or a
     * ZAPBench release directory ({@link #isZapbenchLayout}). Temp files of interrupted writes and chunk content
     * past the committed counts are ignored.
     */
    public static SessionArchive open(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve(CommitRecord.FILE))) {
            return openZaploop(root);
        }
        if (isZapbenchLayout(root)) {
            return openZapbench(root);
        }
        throw new ArchiveFormatException(root, "neither a ZapLoop session archive (no " + CommitRecord.FILE
                + ") nor a ZAPBench layout (no '" + TRACES + "' zarr array)");
    }

    /**
     * Reopens an interrupted (or closed) recording for appending: the writer continues exactly after the
     * committed counts of {@code commit.json}. Temp files of interrupted writes are deleted, the uncommitted
     * tail of {@code events.jsonl} is cut off, and the partial traces / ephys chunk rows are read back so the
     * next writes keep them. Planes of volumes that were not complete are not kept: the caller writes them again
     * (the {@link CommitRecord#sources() source positions} of the commit record say from where). Chunks past
     * the committed counts are overwritten as the recording goes on.
     */
    public static SessionArchive resume(Path root) throws IOException {
        if (!Files.isRegularFile(root.resolve(CommitRecord.FILE))) {
            throw new ArchiveFormatException(root, "cannot resume: no " + CommitRecord.FILE
                    + " (not a ZapLoop session archive)");
        }
        AtomicFiles.deleteTempFiles(root);
        SessionArchive r = openZaploop(root);
        CommitRecord c = r.commit;
        ArchiveMeta meta = r.meta;
        SessionArchive a = new SessionArchive(root, meta, true, false, c, r.raw, r.traces, r.ephys, r.segmentation,
                null);
        a.rawFrames = c.rawFrames();
        if (r.traces != null) {
            a.traceWriter = new GrowingArrayWriter(r.traces.withShape(UNBOUNDED, meta.neurons()), 0, c.traceFrames());
            a.traceWriter.preload(r.traces);
        }
        if (r.ephys != null) {
            a.ephysWriter = new GrowingArrayWriter(r.ephys.withShape(meta.ephysChannels(), UNBOUNDED), 1,
                    c.ephysSamples());
            a.ephysWriter.preload(r.ephys);
        }
        a.events = new EventLog(root, c.eventBytes(), c.eventCount());
        a.eventsDurable = new long[] {c.eventBytes(), c.eventCount()};
        return a;
    }

    /**
     * Deletes temp files that interrupted writes left in {@code root} (they are never read, so this is
     * housekeeping only; never call it while a writer is running). Returns how many were deleted.
     */
    public static int cleanTempFiles(Path root) throws IOException {
        return AtomicFiles.deleteTempFiles(root);
    }

    /** Whether {@code root} looks like the ZAPBench release: a {@code traces} zarr array and no commit record. */
    public static boolean isZapbenchLayout(Path root) {
        return !Files.exists(root.resolve(CommitRecord.FILE)) && ZarrArray.exists(root.resolve(TRACES));
    }

    private static SessionArchive openZaploop(Path root) throws IOException {
        ZarrGroup g = ZarrGroup.open(root);
        ArchiveMeta meta = ArchiveMeta.fromJson(g.attributes().get("zaploop"), root.resolve("zarr.json"));
        CommitRecord c = CommitRecord.read(root);
        ZarrArray raw = expect(root.resolve(RAW), DataType.UINT16,
                new long[] {meta.width(), meta.height(), meta.depth(), -1}, 3, c.rawFrames(), "frame");
        ZarrArray traces = meta.neurons() == 0 ? null : expect(root.resolve(TRACES), DataType.FLOAT32,
                new long[] {-1, meta.neurons()}, 0, c.traceFrames(), "frame");
        ZarrArray ephys = meta.ephysChannels() == 0 ? null : expect(root.resolve(EPHYS), DataType.FLOAT32,
                new long[] {meta.ephysChannels(), -1}, 1, c.ephysSamples(), "sample");
        ZarrArray seg = !c.labels() ? null : expect(root.resolve(SEGMENTATION), DataType.UINT32,
                new long[] {meta.width(), meta.height(), meta.depth()}, 2, meta.depth(), "plane");
        return new SessionArchive(root, meta, false, false, c, raw, traces, ephys, seg, null);
    }

    private static SessionArchive openZapbench(Path root) throws IOException {
        ZarrArray t = ZarrArray.open(root.resolve(TRACES));
        Path tj = t.path().resolve(t.zarrFormat() == 3 ? "zarr.json" : ".zarray");
        if (t.dataType() != DataType.FLOAT32 || t.spec().rank() != 2) {
            throw new ArchiveFormatException(tj, "ZAPBench traces must be float32 [t, neuron], got " + t.dataType()
                    + " " + Arrays.toString(t.shape()));
        }
        long frames = t.shape()[0];
        int neurons = (int) t.shape()[1];
        ArchiveMeta meta = ArchiveMeta.zapbench("zapbench", neurons);
        if (ZarrGroup.exists(root)) {
            JsonNode z = ZarrGroup.open(root).attributes().get("zaploop");
            if (z != null) {
                meta = ArchiveMeta.fromJson(z, root.resolve("zarr.json")).withNeurons(neurons);
            }
        }
        ZarrArray seg = null;
        if (ZarrArray.exists(root.resolve(SEGMENTATION))) {
            seg = ZarrArray.open(root.resolve(SEGMENTATION));
            Path sj = seg.path().resolve(seg.zarrFormat() == 3 ? "zarr.json" : ".zarray");
            if (seg.spec().rank() != 3 || (seg.dataType() != DataType.UINT32 && seg.dataType() != DataType.INT32)) {
                throw new ArchiveFormatException(sj, "segmentation must be uint32 [x, y, z], got " + seg.dataType()
                        + " " + Arrays.toString(seg.shape()));
            }
            long[] s = seg.shape();
            meta = meta.withGeometry((int) s[0], (int) s[1], (int) s[2]).withNeurons(neurons).withEphys(0, 0);
        }
        ZarrArray stim = ZarrArray.exists(root.resolve(STIMULI_FEATURES))
                ? ZarrArray.open(root.resolve(STIMULI_FEATURES)) : null;
        CommitRecord c = new CommitRecord(0, 0, frames, 0, 0, 0, seg != null, -1);
        return new SessionArchive(root, meta, false, true, c, null, t.requireWritten(0, frames, "frame"), null, seg,
                stim);
    }

    /**
     * Opens an array of the archive and checks it against the meta: type, rank, fixed extents ({@code -1} =
     * the growing one, which must be at least the committed count); returns a view clamped to {@code count}
     * along {@code growDim} in which missing chunks below it are errors.
     */
    private static ZarrArray expect(Path dir, DataType type, long[] extents, int growDim, long count, String unit)
            throws IOException {
        ZarrArray a = ZarrArray.open(dir);
        Path file = dir.resolve(a.zarrFormat() == 3 ? "zarr.json" : ".zarray");
        long[] s = a.shape();
        if (a.dataType() != type) {
            throw new ArchiveFormatException(file, "data_type is " + a.dataType() + ", expected " + type);
        }
        if (s.length != extents.length) {
            throw new ArchiveFormatException(file, "shape " + Arrays.toString(s) + " has rank " + s.length
                    + ", expected " + extents.length);
        }
        for (int d = 0; d < s.length; d++) {
            if (extents[d] >= 0 && s[d] != extents[d]) {
                throw new ArchiveFormatException(file, "shape " + Arrays.toString(s) + " does not match the meta: "
                        + "expected extent " + extents[d] + " in dimension " + d);
            }
        }
        if (s[growDim] < count && extents[growDim] < 0) {
            throw new ArchiveFormatException(file, "shape " + Arrays.toString(s) + " holds fewer than the " + count
                    + " " + unit + "s the commit record covers");
        }
        if (extents[growDim] < 0) {
            s[growDim] = count;
            a = a.withShape(s);
        }
        return a.requireWritten(growDim, count, unit);
    }

    private static ArraySpec rawSpec(ArchiveMeta m, long frames) {
        return ArraySpec.of(DataType.UINT16, new long[] {m.width(), m.height(), m.depth(), frames},
                        new int[] {m.width(), m.height(), 1, 1})
                .withCodecs(Codec.Transpose.reversed(4), Codec.Bytes.LITTLE, new Codec.Zstd(1, false))
                .withDimensionNames("x", "y", "z", "t");
    }

    private static ArraySpec traceSpec(ArchiveMeta m, long frames) {
        return ArraySpec.of(DataType.FLOAT32, new long[] {frames, m.neurons()}, new int[] {TRACE_CHUNK, TRACE_CHUNK})
                .withFill(Float.NaN).withDimensionNames("t", "neuron");
    }

    private static ArraySpec ephysSpec(ArchiveMeta m, long samples) {
        return ArraySpec.of(DataType.FLOAT32, new long[] {m.ephysChannels(), samples},
                        new int[] {m.ephysChannels(), EPHYS_CHUNK})
                .withCodecs(Codec.Bytes.LITTLE, new Codec.Zstd(1, false)).withFill(Float.NaN)
                .withDimensionNames("channel", "sample");
    }

    // ------------------------------------------------------------------------------------------ accessors

    public Path path() {
        return root;
    }

    public ArchiveMeta meta() {
        return meta;
    }

    /** The committed counts per part (for a ZAPBench layout: its trace frames). */
    public CommitRecord commit() {
        return commit;
    }

    /** Frames complete: the larger of the committed raw-volume and trace frame counts. */
    public long framesComplete() {
        CommitRecord c = commit;
        return Math.max(c.rawFrames(), c.traceFrames());
    }

    public boolean isZapbench() {
        return zapbench;
    }

    public boolean isWritable() {
        return writable;
    }

    /** The {@code traces} array, clamped to the committed frames, if the archive has one. */
    public Optional<ZarrArray> traces() {
        return Optional.ofNullable(traces);
    }

    public Optional<ZarrArray> raw() {
        return Optional.ofNullable(raw);
    }

    public Optional<ZarrArray> segmentation() {
        return Optional.ofNullable(segmentation);
    }

    /** ZAPBench's {@code stimuli_features} (a zarr v2 array), if present. */
    public Optional<ZarrArray> stimuliFeatures() {
        return Optional.ofNullable(stimuliFeatures);
    }

    // ------------------------------------------------------------------------------------------ meta

    /**
     * Completes or corrects the meta while recording (a recorder learns the geometry from the first plane, the
     * neuron count from the segmentation, the ephys layout from the first block). Allowed changes: geometry
     * while no plane and no label volume is stored; neurons while no trace frame is stored; ephys channels and
     * rate while no sample is stored; voxel size, volume period, clock offsets and start times at any time. The
     * session id never changes. Arrays are (re)created first, then the root {@code zarr.json} is replaced
     * atomically, so a crash in between leaves the old meta with an ignored extra array.
     */
    public synchronized void updateMeta(ArchiveMeta next) throws IOException {
        requireWritable();
        ArchiveMeta old = meta;
        if (!next.sessionId().equals(old.sessionId())) {
            throw new IllegalArgumentException("the session id of an archive cannot change (" + old.sessionId()
                    + " → " + next.sessionId() + ")");
        }
        if (next.equals(old)) {
            return;
        }
        boolean geometry = next.width() != old.width() || next.height() != old.height() || next.depth() != old.depth();
        if (geometry) {
            if (rawFrames > 0 || !pendingPlanes.isEmpty() || segmentation != null || commit.labels()) {
                throw new IllegalStateException("the geometry cannot change once planes or labels are stored ("
                        + old.width() + "×" + old.height() + "×" + old.depth() + " → " + next.width() + "×"
                        + next.height() + "×" + next.depth() + ")");
            }
            deleteTree(root.resolve(RAW));
            raw = ZarrArray.create(root.resolve(RAW), rawSpec(next, 0));
        }
        if (next.neurons() != old.neurons()) {
            if (traceWriter != null && traceWriter.next() > 0) {
                throw new IllegalStateException("the neuron count cannot change once trace frames are stored ("
                        + old.neurons() + " → " + next.neurons() + ")");
            }
            deleteTree(root.resolve(TRACES));
            traces = next.neurons() == 0 ? null : ZarrArray.create(root.resolve(TRACES), traceSpec(next, 0));
            traceWriter = traces == null ? null
                    : new GrowingArrayWriter(traces.withShape(UNBOUNDED, next.neurons()), 0, 0);
        }
        if (next.ephysChannels() != old.ephysChannels()
                || Double.compare(next.ephysSampleRateHz(), old.ephysSampleRateHz()) != 0) {
            if (ephysWriter != null && ephysWriter.next() > 0) {
                throw new IllegalStateException("the ephys layout cannot change once samples are stored ("
                        + old.ephysChannels() + " channels at " + old.ephysSampleRateHz() + " Hz → "
                        + next.ephysChannels() + " at " + next.ephysSampleRateHz() + " Hz)");
            }
            if (next.ephysChannels() != old.ephysChannels()) {
                deleteTree(root.resolve(EPHYS));
                ephys = next.ephysChannels() == 0 ? null : ZarrArray.create(root.resolve(EPHYS), ephysSpec(next, 0));
                ephysWriter = ephys == null ? null
                        : new GrowingArrayWriter(ephys.withShape(next.ephysChannels(), UNBOUNDED), 1, 0);
            }
        }
        ZarrGroup g = ZarrGroup.open(root);
        var attrs = g.attributes();
        attrs.set("zaploop", next.toJson());
        g.withAttributes(attrs);
        meta = next;
    }

    /**
     * Where the writer's input stands at each commit (see {@link CommitRecord#sources()}); called with the
     * commit record about to be written, under the archive's lock. Without one, commits keep the last positions.
     */
    @FunctionalInterface
    public interface SourcePositions {
        Map<String, Long> at(CommitRecord next);
    }

    /** Sets the source positions to store with every later commit. */
    public synchronized void setSourcePositions(SourcePositions positions) {
        this.sourcePositions = positions;
    }

    /**
     * Commits what is durable now without writing buffered trace / ephys rows: makes appended events durable
     * and records fresh source positions. Cheap (one small file); a recorder calls it every few seconds.
     */
    public synchronized void checkpoint() throws IOException {
        requireWritable();
        commitNow();
    }

    // ------------------------------------------------------------------------------------------ raw volumes

    /**
     * Stores plane {@code z} of volume {@code frame} ({@code width × height} pixels, x fastest). A volume is
     * committed once all its planes and all earlier volumes are stored. Returns false, writing nothing, if the
     * volume was already committed (a redelivered plane). Thread-safe.
     */
    public boolean writePlane(long frame, int z, short[] pixels) throws IOException {
        requireWritable();
        if (z < 0 || z >= meta.depth()) {
            throw new IndexOutOfBoundsException("plane " + z + " outside 0.." + (meta.depth() - 1));
        }
        if (pixels.length != meta.planePixels()) {
            throw new IllegalArgumentException("plane has " + pixels.length + " pixels, expected "
                    + meta.width() + "×" + meta.height());
        }
        if (frame < 0 || frame >= UNBOUNDED) {
            throw new IndexOutOfBoundsException("frame " + frame);
        }
        synchronized (this) {
            if (frame < rawFrames) {
                return false;
            }
        }
        raw.withShape(meta.width(), meta.height(), meta.depth(), UNBOUNDED).writeChunk(new long[] {0, 0, z, frame},
                pixels, Order.F);
        synchronized (this) {
            requireWritable();
            if (frame < rawFrames) {
                return false;
            }
            pendingPlanes.computeIfAbsent(frame, f -> new BitSet(meta.depth())).set(z);
            boolean advanced = false;
            BitSet done;
            while ((done = pendingPlanes.get(rawFrames)) != null && done.cardinality() == meta.depth()) {
                pendingPlanes.remove(rawFrames);
                rawFrames++;
                advanced = true;
            }
            if (advanced) {
                commitNow();
            }
        }
        return true;
    }

    /** Reads plane {@code z} of a committed volume into {@code dest} ({@code width × height}, x fastest). */
    public void readPlane(long frame, int z, short[] dest) throws IOException {
        ZarrArray r = need(raw, RAW);
        checkRange("frame", frame, frame + 1, commit.rawFrames());
        if (dest.length != meta.planePixels()) {
            throw new IllegalArgumentException("dest has " + dest.length + " pixels, expected " + meta.planePixels());
        }
        r.readShort(new long[] {0, 0, z, frame}, new int[] {meta.width(), meta.height(), 1, 1}, dest, Order.F);
    }

    // ------------------------------------------------------------------------------------------ traces

    /**
     * Appends frame {@code frame}'s ΔF/F of all neurons. Frames must not go backwards: a frame below the next
     * expected one is ignored (returns false); skipped frames are stored as NaN. Buffered per 512-frame chunk
     * row; written and committed at each chunk boundary, on {@link #flush()} and on {@link #close()}.
     */
    public synchronized boolean appendTraces(long frame, float[] dffAllNeurons) throws IOException {
        requireWritable();
        if (traceWriter == null) {
            throw new IllegalStateException("the archive has no traces (meta.neurons() = 0)");
        }
        if (dffAllNeurons.length != meta.neurons()) {
            throw new IllegalArgumentException("trace frame has " + dffAllNeurons.length + " values, expected "
                    + meta.neurons());
        }
        if (frame < traceWriter.next()) {
            return false;
        }
        long before = traceWriter.durable();
        traceWriter.append(frame, dffAllNeurons, 0);
        if (traceWriter.durable() != before) {
            commitNow();
        }
        return true;
    }

    /**
     * Reads committed traces, frames {@code [frameFrom, frameTo)} × neurons {@code [neuronFrom, neuronTo)},
     * into {@code dest} as [frame][neuron].
     */
    public void readTraces(long frameFrom, long frameTo, int neuronFrom, int neuronTo, float[] dest)
            throws IOException {
        ZarrArray t = need(traces, TRACES);
        checkRange("frame", frameFrom, frameTo, commit.traceFrames());
        checkRange("neuron", neuronFrom, neuronTo, meta.neurons());
        t.readFloat(new long[] {frameFrom, neuronFrom}, new int[] {(int) (frameTo - frameFrom), neuronTo - neuronFrom},
                dest);
    }

    // ------------------------------------------------------------------------------------------ ephys

    /**
     * Appends {@code samples} samples starting at session sample {@code firstSample}, interleaved
     * ({@code data[s × channels + c]}, as in {@code EphysBlock}). Samples already stored are skipped; a gap is
     * stored as NaN. Buffered per 65536-sample chunk; committed at chunk boundaries, flush and close.
     */
    public synchronized void appendEphys(long firstSample, float[] data, int samples) throws IOException {
        requireWritable();
        if (ephysWriter == null) {
            throw new IllegalStateException("the archive has no ephys (meta.ephysChannels() = 0)");
        }
        int ch = meta.ephysChannels();
        if ((long) samples * ch > data.length) {
            throw new IllegalArgumentException(samples + " samples × " + ch + " channels exceed " + data.length
                    + " values");
        }
        long before = ephysWriter.durable();
        for (int s = 0; s < samples; s++) {
            long index = firstSample + s;
            if (index >= ephysWriter.next()) {
                ephysWriter.append(index, data, s * ch);
            }
        }
        if (ephysWriter.durable() != before) {
            commitNow();
        }
    }

    /** Reads committed samples {@code [from, to)} of all channels into {@code dest} as [channel][sample]. */
    public void readEphys(long from, long to, float[] dest) throws IOException {
        ZarrArray e = need(ephys, EPHYS);
        checkRange("sample", from, to, commit.ephysSamples());
        e.readFloat(new long[] {0, from}, new int[] {meta.ephysChannels(), (int) (to - from)}, dest);
    }

    // ------------------------------------------------------------------------------------------ segmentation

    /**
     * Stores the label volume ({@code width × height × depth}, x fastest; 0 = background, label − 1 = trace
     * index), replacing any earlier one. While it is being written the commit record says there are no labels.
     */
    public synchronized void writeLabels(int[] labels) throws IOException {
        int plane = meta.planePixels();
        if (labels.length != (long) plane * meta.depth()) {
            throw new IllegalArgumentException("label volume has " + labels.length + " voxels, expected "
                    + meta.width() + "×" + meta.height() + "×" + meta.depth());
        }
        writeLabels((z, dest) -> System.arraycopy(labels, z * plane, dest, 0, plane));
    }

    /** Fills {@code dest} ({@code width × height}, x fastest) with the labels of plane {@code z}. */
    @FunctionalInterface
    public interface LabelPlanes {
        void plane(int z, int[] dest);
    }

    /**
     * Stores the label volume plane by plane (for volumes too large to hold as one array), replacing any earlier
     * one; {@code planes} is asked for each z in order with a cleared buffer.
     */
    public synchronized void writeLabels(LabelPlanes planes) throws IOException {
        requireWritable();
        int plane = meta.planePixels();
        if (commit.labels()) {
            segmentation = null;
            commitNow();
        }
        Path dir = root.resolve(SEGMENTATION);
        ZarrArray seg = ZarrArray.exists(dir) ? ZarrArray.open(dir) : ZarrArray.create(dir,
                ArraySpec.of(DataType.UINT32, new long[] {meta.width(), meta.height(), meta.depth()},
                                new int[] {meta.width(), meta.height(), 1})
                        .withCodecs(Codec.Transpose.reversed(3), Codec.Bytes.LITTLE, new Codec.Zstd(3, false))
                        .withDimensionNames("x", "y", "z"));
        int[] buf = new int[plane];
        for (int z = 0; z < meta.depth(); z++) {
            Arrays.fill(buf, 0);
            planes.plane(z, buf);
            seg.writeChunk(new long[] {0, 0, z}, buf, Order.F);
        }
        segmentation = seg.requireWritten(2, meta.depth(), "plane");
        commitNow();
    }

    /** Reads the whole label volume into {@code dest} (x fastest). */
    public void readLabels(int[] dest) throws IOException {
        ZarrArray s = need(segmentation, SEGMENTATION);
        long[] shape = s.shape();
        s.readInt(new long[3], new int[] {(int) shape[0], (int) shape[1], (int) shape[2]}, dest, Order.F);
    }

    /** Reads label plane {@code z} into {@code dest} (x fastest). */
    public void readLabelPlane(int z, int[] dest) throws IOException {
        ZarrArray s = need(segmentation, SEGMENTATION);
        long[] shape = s.shape();
        s.readInt(new long[] {0, 0, z}, new int[] {(int) shape[0], (int) shape[1], 1}, dest, Order.F);
    }

    // ------------------------------------------------------------------------------------------ neuron table

    /** Stores the neuron table, replacing any earlier one (absent in the commit record while being written). */
    public synchronized void writeNeuronTable(NeuronTable table) throws IOException {
        requireWritable();
        if (commit.neuronTableRows() >= 0) {
            commitNow(-1);
        }
        Path dir = root.resolve(NEURONS);
        deleteTree(dir);
        ZarrGroup.create(dir, Map.of("rows", "row i = label i + 1 = trace column i"));
        int n = table.size();
        int chunk = Math.max(1, Math.min(n, 1 << 16));
        ZarrArray id = ZarrArray.create(dir.resolve("id"), ArraySpec.of(DataType.INT32, new long[] {n},
                new int[] {chunk}).withCodecs(Codec.Bytes.LITTLE, new Codec.Zstd(3, false)));
        ZarrArray count = ZarrArray.create(dir.resolve("voxel_count"), ArraySpec.of(DataType.INT32, new long[] {n},
                new int[] {chunk}).withCodecs(Codec.Bytes.LITTLE, new Codec.Zstd(3, false)));
        ZarrArray xyz = ZarrArray.create(dir.resolve("centroid_xyz"), ArraySpec.of(DataType.FLOAT32,
                new long[] {n, 3}, new int[] {chunk, 3}).withCodecs(Codec.Bytes.LITTLE, new Codec.Zstd(3, false))
                .withDimensionNames("neuron", "xyz"));
        float[] c = new float[n * 3];
        for (int i = 0; i < n; i++) {
            c[3 * i] = table.centroidX()[i];
            c[3 * i + 1] = table.centroidY()[i];
            c[3 * i + 2] = table.centroidZ()[i];
        }
        id.writeInt(new long[] {0}, new int[] {n}, table.ids(), Order.C);
        count.writeInt(new long[] {0}, new int[] {n}, table.voxelCount(), Order.C);
        xyz.writeFloat(new long[] {0, 0}, new int[] {n, 3}, c, Order.C);
        commitNow(n);
    }

    /** The committed neuron table, if any. */
    public Optional<NeuronTable> neuronTable() throws IOException {
        int n = commit.neuronTableRows();
        if (n < 0) {
            return Optional.empty();
        }
        Path dir = root.resolve(NEURONS);
        int[] ids = new int[n];
        int[] counts = new int[n];
        float[] c = new float[n * 3];
        expect(dir.resolve("id"), DataType.INT32, new long[] {n}, 0, n, "row")
                .readInt(new long[] {0}, new int[] {n}, ids);
        expect(dir.resolve("voxel_count"), DataType.INT32, new long[] {n}, 0, n, "row")
                .readInt(new long[] {0}, new int[] {n}, counts);
        expect(dir.resolve("centroid_xyz"), DataType.FLOAT32, new long[] {n, 3}, 0, n, "row")
                .readFloat(new long[] {0, 0}, new int[] {n, 3}, c);
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = c[3 * i];
            y[i] = c[3 * i + 1];
            z[i] = c[3 * i + 2];
        }
        return Optional.of(new NeuronTable(ids, x, y, z, counts));
    }

    // ------------------------------------------------------------------------------------------ events

    /** Appends one event (a JSON object, e.g. a {@code RigEvent} as JSON); durable at the next commit. */
    public synchronized void appendEvent(String json) throws IOException {
        requireWritable();
        events.append(json);
    }

    /** The committed events, one JSON object per string, in append order. */
    public List<String> events() throws IOException {
        CommitRecord c = commit;
        return EventLog.read(root, c.eventBytes(), c.eventCount());
    }

    /** Appends a rig event as its wire JSON ({@code WIRE-FORMAT.md} 4.2); durable at the next commit. */
    public synchronized void appendEvent(RigEvent event) throws IOException {
        appendEvent(new String(RIG_EVENTS.encode(event), StandardCharsets.UTF_8));
    }

    /** Appends a note of the writer (a gap, missing planes ...); durable at the next commit. */
    public synchronized void appendNote(ArchiveNote note) throws IOException {
        appendEvent(note.toJson());
    }

    /** The committed rig events, in append order (notes are skipped). */
    public List<RigEvent> rigEvents() throws IOException {
        List<RigEvent> out = new ArrayList<>();
        int line = 0;
        for (String json : events()) {
            line++;
            if (ArchiveNote.isNote(json)) {
                continue;
            }
            try {
                out.add(RIG_EVENTS.decode(json.getBytes(StandardCharsets.UTF_8)));
            } catch (MalformedRecordException e) {
                throw new ArchiveFormatException(root.resolve(EVENTS), "line " + line + " is not a rig event: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The committed notes of the writer, in append order. */
    public List<ArchiveNote> notes() throws IOException {
        List<ArchiveNote> out = new ArrayList<>();
        int line = 0;
        for (String json : events()) {
            line++;
            if (ArchiveNote.isNote(json)) {
                out.add(ArchiveNote.fromJson(json, root.resolve(EVENTS), line));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ commit

    /** Writes buffered traces and ephys (partial chunks included) and the event log, then commits. */
    public synchronized void flush() throws IOException {
        requireWritable();
        if (traceWriter != null) {
            traceWriter.flush();
        }
        if (ephysWriter != null) {
            ephysWriter.flush();
        }
        commitNow();
    }

    /** Flushes and closes; a read-only archive just closes. Incomplete volumes stay uncommitted. */
    @Override
    public synchronized void close() throws IOException {
        if (!writable || closed) {
            closed = true;
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            events.close();
        }
    }

    private void commitNow() throws IOException {
        commitNow(commit.neuronTableRows());
    }

    /** Data is durable already; grow the zarr.json shapes, then replace the commit record. */
    private void commitNow(int neuronRows) throws IOException {
        CommitRecord old = commit;
        eventsDurable = events.force();
        long traceFrames = traceWriter == null ? 0 : traceWriter.durable();
        long samples = ephysWriter == null ? 0 : ephysWriter.durable();
        if (rawFrames != old.rawFrames()) {
            raw = raw.resize(meta.width(), meta.height(), meta.depth(), rawFrames);
        }
        if (traces != null && traceFrames != old.traceFrames()) {
            traces = traces.resize(traceFrames, meta.neurons());
        }
        if (ephys != null && samples != old.ephysSamples()) {
            ephys = ephys.resize(meta.ephysChannels(), samples);
        }
        CommitRecord next = new CommitRecord(old.sequence() + 1, rawFrames, traceFrames, samples, eventsDurable[1],
                eventsDurable[0], segmentation != null, neuronRows, old.sources());
        if (sourcePositions != null) {
            next = new CommitRecord(next.sequence(), rawFrames, traceFrames, samples, eventsDurable[1],
                    eventsDurable[0], segmentation != null, neuronRows, sourcePositions.at(next));
        }
        next.write(root);
        commit = next;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException(root + " was opened read-only");
        }
        if (closed) {
            throw new IllegalStateException(root + " is closed");
        }
    }

    private ZarrArray need(ZarrArray a, String name) throws ArchiveFormatException {
        if (a == null) {
            throw new ArchiveFormatException(root.resolve(name), "the archive has no committed '" + name + "'");
        }
        return a;
    }

    private static void checkRange(String what, long from, long to, long committed) {
        if (from < 0 || to < from || to > committed) {
            throw new IndexOutOfBoundsException(what + "s [" + from + ", " + to + ") outside the " + committed
                    + " recorded");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    @Override
    public String toString() {
        return "SessionArchive[" + root + (zapbench ? ", ZAPBench layout" : "") + (writable ? ", writable" : "")
                + ", " + commit + "]";
    }
}
