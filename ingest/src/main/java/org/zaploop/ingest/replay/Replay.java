package org.zaploop.ingest.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.zaploop.protocol.kafka.PlanePartitioner;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Names;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.SampleType;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.serde.ZlSerdes;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * Publishes a recorded session again: planes to {@code zl.imaging.planes}, ephys blocks to
 * {@code zl.ephys.blocks}, trace blocks of 512 neurons to {@code zl.traces}, rig events to
 * {@code zl.rig.events}, with the original relative timing ({@link ReplaySchedule}) scaled by the speed, under a
 * new session id (so a replay never mixes with the original), with every {@code acquisitionNs} moved onto the
 * replay's clock (the scheduled time; at maximum speed the time of sending). Volumes and samples are numbered
 * from 0 at {@code --from} and keep counting through loops. A ZAPBench traces layout publishes its traces only.
 *
 * <p>Stored gaps (NaN) are not sent: ephys runs are split around them and trace blocks with NaN are skipped,
 * so a recorder of the replay sees the same gaps. If the replayed events hold no {@code SESSION_START}, one is
 * sent first whose parameters describe the session (geometry, neurons, volume period, ephys layout), and a
 * {@code SESSION_END} last, so a recorder learns the session's layout. Blocking {@link #run()} or a thread
 * ({@link #start()}); progress lines go to the given stream.
 */
public final class Replay implements AutoCloseable {

    /** Neurons per trace block, as {@code Keys.blockKey} blocks them. */
    public static final int BLOCK = 512;

    private final String bootstrap;
    private final ReplayOptions options;
    private final PrintStream progress;
    private final boolean terminal;
    private final Properties overrides;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private final AtomicReference<ReplayResult> result = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<String, Long> perTopic = new TreeMap<>();
    private volatile boolean running = true;
    private volatile String session;
    private Thread thread;

    /**
     * @param bootstrap Kafka bootstrap servers
     * @param options   what to replay and how
     * @param progress  where progress lines go (stderr), or null for none
     * @param terminal  whether {@code progress} is a terminal (lines rewritten in place)
     * @param overrides extra producer properties
     */
    public Replay(String bootstrap, ReplayOptions options, PrintStream progress, boolean terminal,
                  Properties overrides) {
        this.bootstrap = bootstrap;
        this.options = options;
        this.progress = progress;
        this.terminal = terminal;
        this.overrides = overrides == null ? new Properties() : overrides;
    }

    /** The replay's session id (known once started). */
    public String session() {
        return session;
    }

    /** Runs on a thread of its own; see {@link #awaitResult()}. */
    public Replay start() {
        thread = new Thread(() -> {
            try {
                run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "zaploop-replay");
        thread.start();
        return this;
    }

    /** Waits for a started replay; returns its result or throws what stopped it. */
    public ReplayResult awaitResult() throws Exception {
        thread.join();
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        } else if (t != null) {
            throw new RuntimeException(t);
        }
        return result.get();
    }

    /** Frames published so far. */
    public long framesDone() {
        return frames.get();
    }

    /** Stops a running replay (it flushes what it sent and returns its result so far). */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The default session id of a replay: {@code <original>-replay-<n>}, n from the clock (seconds). */
    public static String defaultSession(String original) {
        String base = original.replaceAll("[^A-Za-z0-9_.-]", "_");
        String suffix = "-replay-" + System.currentTimeMillis() / 1000;
        if (base.length() + suffix.length() > 64) {
            base = base.substring(0, 64 - suffix.length());
        }
        return base + suffix;
    }

    /** Replays (blocking) and returns the summary; archive problems are thrown with the file and the problem. */
    public ReplayResult run() throws IOException {
        SessionArchive a = SessionArchive.open(options.archive());
        ArchiveMeta m = a.meta();
        boolean zapbench = options.zapbench() || a.isZapbench();
        EnumSet<ReplayStream> streams = zapbench ? EnumSet.of(ReplayStream.TRACES) : EnumSet.copyOf(options.streams());
        session = options.session() != null ? Names.requireSession(options.session()) : defaultSession(m.sessionId());
        if (session.equals(m.sessionId())) {
            throw new IllegalArgumentException("a replay needs a session id other than the original's ("
                    + session + ")");
        }
        long rawFrames = streams.contains(ReplayStream.PLANES) ? a.commit().rawFrames() : 0;
        long traceFrames = streams.contains(ReplayStream.TRACES) && m.neurons() > 0 ? a.commit().traceFrames() : 0;
        long samples = streams.contains(ReplayStream.EPHYS) && m.ephysChannels() > 0 ? a.commit().ephysSamples() : 0;
        List<RigEvent> events = streams.contains(ReplayStream.EVENTS) && !zapbench ? a.rigEvents() : List.of();
        long frameZero = m.frameZeroNs();
        long eventZero = frameZero != ArchiveMeta.UNKNOWN_TIME ? frameZero
                : events.isEmpty() ? 0 : events.get(0).acquisitionNs();
        boolean ownFraming = !options.loop() && events.stream().anyMatch(e -> e.kind() == RigEventKind.SESSION_START);
        if (!ownFraming) {
            events = events.stream().filter(e -> e.kind() != RigEventKind.SESSION_START
                    && e.kind() != RigEventKind.SESSION_END).toList();
        }
        List<Long> eventTimes = new ArrayList<>();
        for (RigEvent e : events) {
            eventTimes.add(e.acquisitionNs() - eventZero);
        }
        long ephysOffset = m.sampleZeroNs() != ArchiveMeta.UNKNOWN_TIME && frameZero != ArchiveMeta.UNKNOWN_TIME
                ? m.sampleZeroNs() - frameZero : 0;
        int channels = m.ephysChannels();
        int block = channels == 0 ? 1 : (int) Math.max(1, Math.min(Math.min(65536, 4_194_304 / channels),
                Math.round(m.ephysSampleRateHz() * 0.01)));
        ReplaySchedule.Layout layout = new ReplaySchedule.Layout(m.volumePeriodS(), m.depth(), rawFrames,
                traceFrames, samples, m.ephysSampleRateHz(), ephysOffset, block, eventTimes);

        ReplaySchedule probe = new ReplaySchedule(layout, options.fromS(), options.toS());
        long firstFrame = probe.firstFrame();
        long firstSample = probe.firstSample();
        long framesPerLoop = probe.frames();
        long samplesPerLoop = Math.max(0, probe.sampleEnd() - firstSample);
        double loopS = Math.min(options.toS(), Math.max(framesPerLoop * m.volumePeriodS(),
                samples / Math.max(1e-9, m.ephysSampleRateHz()))) - options.fromS();
        long loopNs = Math.max(1, Math.round(loopS * 1e9));

        Sender out = new Sender();
        Reader in = new Reader(a, m, traceFrames);
        long nanoStart = System.nanoTime();
        long epochStart = System.currentTimeMillis() * 1_000_000L;
        long fromNs = Math.round(options.fromS() * 1e9);
        ProgressMeter meter = new ProgressMeter(options.loop() ? 0 : framesPerLoop, m.volumePeriodS(), terminal,
                nanoStart);
        int loops = 0;
        try {
            if (!ownFraming) {
                out.event(new RigEvent(session, epochStart, RigEventKind.SESSION_START, 0L, null, null,
                        describe(m), null, "replay of " + m.sessionId() + " (" + options.archive().getFileName()
                        + ")"));
            }
            do {
                ReplaySchedule schedule = new ReplaySchedule(layout, options.fromS(), options.toS());
                long loopOffset = loops * loopNs;
                long frameShift = loops * framesPerLoop - firstFrame;
                long sampleShift = loops * samplesPerLoop - firstSample;
                while (schedule.hasNext() && running) {
                    ReplaySchedule.Item it = schedule.next();
                    long rel = it.timeNs() - fromNs + loopOffset;
                    long acq;
                    if (options.maxSpeed()) {
                        acq = epochStart + (System.nanoTime() - nanoStart);
                    } else {
                        long due = nanoStart + Math.round(rel / options.speed());
                        long wait;
                        while (running && (wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(Math.min(wait, 100_000_000L));
                        }
                        acq = Math.max(0, epochStart + Math.round(rel / options.speed()));
                    }
                    switch (it.kind()) {
                        case EVENT -> out.event(retime(events.get((int) it.index()), acq, frameShift));
                        case PLANE -> {
                            out.plane(Plane.whole(session, it.index() + frameShift, it.sub(), m.depth(), acq, m.width(),
                                    m.height(), in.plane(it.index(), it.sub())));
                            if (it.sub() == m.depth() - 1 && traceFrames == 0) {
                                frames.set(it.index() + frameShift + 1);
                            }
                        }
                        case TRACES -> {
                            in.traces(it.index(), (b, first, dff) -> out.traces(new TraceBlock(session,
                                    it.index() + frameShift, b, first, acq, false, dff, null)));
                            frames.set(it.index() + frameShift + 1);
                        }
                        case EPHYS -> {
                            float[] data = in.ephys(it.index(), it.sub());
                            for (EphysRuns.Run r : EphysRuns.finiteRuns(data, channels, it.sub())) {
                                float[] d = Arrays.copyOfRange(data, r.start() * channels,
                                        (r.start() + r.length()) * channels);
                                out.ephys(new EphysBlock(session, it.index() + r.start() + sampleShift,
                                        m.ephysSampleRateHz(), acq + Math.round(r.start() / m.ephysSampleRateHz()
                                        * 1e9 / (options.maxSpeed() ? 1 : options.speed())), channels,
                                        r.length(), SampleType.FLOAT32, 1f, d));
                            }
                        }
                        default -> throw new IllegalStateException();
                    }
                    if (progress != null) {
                        String line = meter.line(frames.get(), System.nanoTime());
                        if (line != null) {
                            progress.print(line);
                            progress.flush();
                        }
                    }
                    out.check();
                }
                loops++;
            } while (options.loop() && running && framesPerLoop + samplesPerLoop > 0);
            if (!ownFraming) {
                out.event(RigEvent.of(session, epochStart + (System.nanoTime() - nanoStart), RigEventKind.SESSION_END));
            }
            out.flush();
        } finally {
            out.close();
        }
        long elapsed = System.nanoTime() - nanoStart;
        if (progress != null) {
            progress.print(meter.last(frames.get(), System.nanoTime()));
            progress.flush();
        }
        ReplayResult r = new ReplayResult(m.sessionId(), session, frames.get(), records.get(), bytes.get(),
                elapsed / 1e9, m.volumePeriodS(), loops, new TreeMap<>(perTopic));
        result.set(r);
        return r;
    }

    /** The {@code SESSION_START} parameters that describe a session to a recorder. */
    static Map<String, Double> describe(ArchiveMeta m) {
        Map<String, Double> p = new TreeMap<>();
        p.put("width", (double) m.width());
        p.put("height", (double) m.height());
        p.put("depth", (double) m.depth());
        p.put("voxelXUm", m.voxelXUm());
        p.put("voxelYUm", m.voxelYUm());
        p.put("voxelZUm", m.voxelZUm());
        p.put("volumePeriodS", m.volumePeriodS());
        p.put("neurons", (double) m.neurons());
        p.put("ephysChannels", (double) m.ephysChannels());
        p.put("ephysSampleRateHz", m.ephysSampleRateHz());
        return p;
    }

    private RigEvent retime(RigEvent e, long acq, long frameShift) {
        Long frame = e.frame() == null ? null : Math.max(0, e.frame() + frameShift);
        return new RigEvent(session, acq, e.kind(), frame, e.condition(), e.stimulus(), e.params(), e.commandSeq(),
                e.note());
    }

    // ------------------------------------------------------------------------------------------ reading

    @FunctionalInterface
    interface BlockSink {
        void block(int block, int firstNeuron, float[] dff);
    }

    /** Reads planes, trace frames (through a slab of frames) and ephys windows from the archive. */
    private static final class Reader {
        private final SessionArchive a;
        private final ArchiveMeta m;
        private final long traceFrames;
        private final short[] plane;
        private final int slabFrames;
        private float[] slab;
        private long slabStart = -1;
        private long slabEnd = -1;
        private final int window = 65536;
        private float[] ephys;
        private long ephysStart = -1;
        private long ephysEnd = -1;

        Reader(SessionArchive a, ArchiveMeta m, long traceFrames) {
            this.a = a;
            this.m = m;
            this.traceFrames = traceFrames;
            this.plane = new short[m.planePixels()];
            this.slabFrames = m.neurons() == 0 ? 1 : Math.max(1, Math.min(512, 16_777_216 / m.neurons()));
        }

        /** The plane, in a buffer reused for the next call (the producer serialises it before that). */
        short[] plane(long frame, int z) throws IOException {
            a.readPlane(frame, z, plane);
            return plane;
        }

        void traces(long frame, BlockSink sink) throws IOException {
            int n = m.neurons();
            if (frame < slabStart || frame >= slabEnd) {
                slabStart = frame;
                slabEnd = Math.min(traceFrames, frame + slabFrames);
                if (slab == null) {
                    slab = new float[slabFrames * n];
                }
                a.readTraces(slabStart, slabEnd, 0, n, slab);
            }
            int row = (int) (frame - slabStart) * n;
            for (int b = 0; b * BLOCK < n; b++) {
                int first = b * BLOCK;
                int len = Math.min(BLOCK, n - first);
                boolean finite = true;
                for (int i = row + first; i < row + first + len; i++) {
                    if (!Float.isFinite(slab[i])) {
                        finite = false;
                        break;
                    }
                }
                if (finite) {
                    sink.block(b, first, Arrays.copyOfRange(slab, row + first, row + first + len));
                }
            }
        }

        /** Samples {@code [first, first + count)} interleaved {@code [sample][channel]} (NaN where a gap is). */
        float[] ephys(long first, int count) throws IOException {
            int c = m.ephysChannels();
            if (first < ephysStart || first + count > ephysEnd) {
                ephysStart = first - first % window;
                ephysEnd = Math.min(a.commit().ephysSamples(), ephysStart + window);
                if (ephys == null) {
                    ephys = new float[window * c];
                }
                a.readEphys(ephysStart, ephysEnd, ephys);
            }
            int w = (int) (ephysEnd - ephysStart);
            int off = (int) (first - ephysStart);
            float[] out = new float[count * c];
            for (int s = 0; s < count; s++) {
                for (int ch = 0; ch < c; ch++) {
                    out[s * c + ch] = ephys[ch * w + off + s];
                }
            }
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------ sending

    /** One producer for all topics; counts records and bytes; remembers the first send error. */
    private final class Sender implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final Callback callback = (md, e) -> {
            if (e != null) {
                sendError.compareAndSet(null, e);
            }
        };
        private final String[] planeKeys = new String[4096];

        Sender() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "zaploop-replay");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, options.maxSpeed() ? "10" : "0");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1024 * 1024));
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(256L * 1024 * 1024));
            PlanePartitioner.configure(p);
            p.putAll(overrides);
            producer = new KafkaProducer<>(KafkaClientSettings.secure(p), new StringSerializer(), new ByteArraySerializer());
        }

        void plane(Plane p) {
            String key = planeKeys[p.z()];
            if (key == null) {
                key = planeKeys[p.z()] = Keys.planeKey(session, p.z());
            }
            send(Topics.PLANES.name(), key, ZlSerdes.plane().codec().encode(p), p.acquisitionNs());
        }

        void traces(TraceBlock t) {
            send(Topics.TRACES.name(), Keys.blockKey(session, t.block()), ZlSerdes.traceBlock().codec().encode(t),
                    t.acquisitionNs());
        }

        void ephys(EphysBlock b) {
            send(Topics.EPHYS.name(), session, ZlSerdes.ephysBlock().codec().encode(b), b.acquisitionNs());
        }

        void event(RigEvent e) {
            send(Topics.RIG_EVENTS.name(), session, ZlSerdes.rigEvent().codec().encode(e), e.acquisitionNs());
        }

        private void send(String topic, String key, byte[] value, long acquisitionNs) {
            producer.send(new ProducerRecord<>(topic, null, acquisitionNs / 1_000_000, key, value), callback);
            records.incrementAndGet();
            bytes.addAndGet(value.length);
            synchronized (perTopic) {
                perTopic.merge(topic, 1L, Long::sum);
            }
        }

        void check() throws IOException {
            Exception e = sendError.get();
            if (e != null) {
                throw new IOException("Kafka refused a record: " + e.getMessage(), e);
            }
        }

        void flush() throws IOException {
            producer.flush();
            check();
        }

        @Override
        public void close() {
            producer.close(java.time.Duration.ofSeconds(10));
        }
    }

    /** A one-line summary. */
    public static String summary(ReplayResult r) {
        return String.format(Locale.ROOT, "replayed %s as %s: %d frames, %d records (%.1f MB) in %.1f s: "
                        + "%.1f frames/s, %.1fx real time, %.1f MB/s%s", r.original(), r.session(), r.frames(),
                r.records(), r.bytes() / 1e6, r.seconds(), r.framesPerSecond(), r.realTimeFactor(),
                r.megabytesPerSecond(), r.loops() > 1 ? ", " + r.loops() + " loops" : "");
    }
}
