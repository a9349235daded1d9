package org.zaploop.ingest.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.serde.ZlSerdes;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * The session recorder as a service: reads {@code zl.imaging.planes}, {@code zl.ephys.blocks},
 * {@code zl.rig.events}, {@code zl.traces} and {@code zl.segmentation} (those that exist), keeps the records of
 * one session and writes them into a session archive through {@link SessionRecorder}; writes malformed records
 * and records that do not fit the archive to {@code zl.dlq} with the reason.
 *
 * <p>It assigns every partition explicitly (no consumer group): where to start is stored in the archive's
 * commit record together with the data, so after a crash a new recorder on the same directory continues from
 * exactly there. It stops on {@link #close()}, after {@code duration}, or, unless told to keep running, once the
 * session's {@code SESSION_END} event is stored, every partition is read to its end and nothing new came for two
 * seconds. Runs on one thread of its own.
 */
public final class Recorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final List<String> TOPICS = List.of(Topics.PLANES.name(), Topics.EPHYS.name(),
            Topics.RIG_EVENTS.name(), Topics.TRACES.name(), Topics.SEGMENTATION.name());
    private static final long CHECKPOINT_NS = 2_000_000_000L;
    private static final long TOPIC_REFRESH_NS = 10_000_000_000L;
    private static final long QUIET_NS = 2_000_000_000L;

    private final String bootstrap;
    private final RecorderSettings settings;
    private final Duration duration;
    private final boolean stopAtSessionEnd;
    private final Properties overrides;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<RecorderStats> stats = new AtomicReference<>();
    private volatile boolean running;
    private volatile String stopReason = "";
    private SessionRecorder core;
    private KafkaConsumer<byte[], byte[]> consumer;
    private io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics consumerMetrics;
    private KafkaProducer<String, DeadLetter> dlq;
    private Thread thread;

    /**
     * @param bootstrap        Kafka bootstrap servers
     * @param settings         session, archive directory, what is known in advance
     * @param duration         stop after this long (null = no limit)
     * @param stopAtSessionEnd stop by itself once the session has ended and everything is read
     * @param overrides        extra consumer and producer properties (may be empty)
     */
    public Recorder(String bootstrap, RecorderSettings settings, Duration duration, boolean stopAtSessionEnd,
                    Properties overrides) {
        this.bootstrap = bootstrap;
        this.settings = settings;
        this.duration = duration;
        this.stopAtSessionEnd = stopAtSessionEnd;
        this.overrides = overrides == null ? new Properties() : overrides;
    }

    /**
     * Opens (or resumes) the archive and starts reading; errors opening the archive are thrown here, in plain
     * words. Returns this.
     */
    public Recorder start() throws IOException {
        core = SessionRecorder.open(settings);
        stats.set(core.stats());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "zaploop-recorder-" + settings.session());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES
                + 1024 * 1024));
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        overrides.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k.toString())) {
                c.put(k, v);
            }
        });
        consumer = new KafkaConsumer<>(KafkaClientSettings.secure(c), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "zaploop-recorder-dlq-" + settings.session());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.DLQ_MAX_MESSAGE_BYTES));
        overrides.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k.toString())) {
                p.put(k, v);
            }
        });
        dlq = new KafkaProducer<>(KafkaClientSettings.secure(p), Topics.DLQ.keySerde().serializer(), Topics.DLQ.valueSerde().serializer());
        core.beforeCommit(dlq::flush);
        running = true;
        thread = new Thread(this::run, "zaploop-recorder-" + settings.session());
        thread.start();
        return this;
    }

    private void run() {
        long started = System.nanoTime();
        long lastCheckpoint = started;
        long lastRefresh = 0;
        long lastRecord = started;
        long uncommitted = 0;
        try {
            while (running) {
                long now = System.nanoTime();
                if (lastRefresh == 0 || now - lastRefresh > TOPIC_REFRESH_NS) {
                    assignNewPartitions();
                    lastRefresh = now;
                }
                if (consumer.assignment().isEmpty()) {
                    Thread.sleep(200); // none of the topics exists yet
                    continue;
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (handle(r)) {
                        lastRecord = System.nanoTime();
                    }
                    uncommitted++;
                }
                now = System.nanoTime();
                if (uncommitted > 0 && now - lastCheckpoint > CHECKPOINT_NS) {
                    core.checkpoint();
                    lastCheckpoint = now;
                    uncommitted = 0;
                }
                stats.set(core.stats());
                if (duration != null && now - started >= duration.toNanos()) {
                    stopReason = "the duration of " + duration.toSeconds() + " s is over";
                    break;
                }
                if (stopAtSessionEnd && core.sessionEnded() && batch.isEmpty() && now - lastRecord > QUIET_NS
                        && caughtUp()) {
                    stopReason = "the session ended";
                    break;
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (Throwable t) {
            failure.set(t);
            log.error("The recorder of {} failed: {}", settings.session(), t.toString(), t);
        } finally {
            try {
                core.close();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                log.error("Closing the archive of {} failed: {}", settings.session(), t.toString());
            }
            stats.set(core.stats());
            consumer.close(Duration.ofSeconds(5));
            dlq.close(Duration.ofSeconds(5));
            running = false;
            finished.countDown();
        }
    }

    /** Decodes and stores one record; returns true if it belonged to the session. */
    private boolean handle(ConsumerRecord<byte[], byte[]> r) throws IOException {
        String source = r.topic() + "/" + r.partition();
        int size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        String session;
        try {
            session = Keys.sessionOf(key);
        } catch (MalformedRecordException e) {
            deadLetter(r, source, size, e.getMessage());
            return false;
        }
        if (!session.equals(settings.session())) {
            core.otherSession(source, r.offset(), size);
            return false;
        }
        if (r.value() == null) {
            if (r.topic().equals(Topics.SEGMENTATION.name())) {
                core.ignored(source, r.offset(), size);
            } else {
                deadLetter(r, source, size, r.topic() + ": null value");
            }
            return true;
        }
        try {
            ByteBuffer v = ByteBuffer.wrap(r.value());
            switch (r.topic()) {
                case "zl.imaging.planes" -> {
                    Plane p = ZlSerdes.plane().codec().decode(v);
                    sameSession(p.session(), key);
                    core.plane(source, r.offset(), size, p);
                }
                case "zl.ephys.blocks" -> {
                    EphysBlock b = ZlSerdes.ephysBlock().codec().decode(v);
                    sameSession(b.session(), key);
                    core.ephys(source, r.offset(), size, b);
                }
                case "zl.rig.events" -> {
                    RigEvent e = ZlSerdes.rigEvent().codec().decode(v);
                    sameSession(e.session(), key);
                    core.rigEvent(source, r.offset(), size, e);
                }
                case "zl.traces" -> {
                    TraceBlock t = ZlSerdes.traceBlock().codec().decode(v);
                    sameSession(t.session(), key);
                    core.traces(source, r.offset(), size, t);
                }
                case "zl.segmentation" -> {
                    NeuronTableBlock b = ZlSerdes.neuronTableBlock().codec().decode(v);
                    sameSession(b.session(), key);
                    core.segmentation(source, r.offset(), size, b);
                }
                default -> core.ignored(source, r.offset(), size);
            }
        } catch (MalformedRecordException e) {
            deadLetter(r, source, size, e.getMessage());
        } catch (RecordRejectedException e) {
            deadLetter(r, source, size, r.topic() + ": " + e.getMessage());
        }
        return true;
    }

    private static void sameSession(String recordSession, String key) {
        if (!Keys.sessionOf(key).equals(recordSession)) {
            throw new MalformedRecordException("record of session " + recordSession + " under key " + key);
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String source, int size, String reason) {
        core.deadLetter(source, r.offset(), size);
        log.warn("{} partition {} offset {} → zl.dlq: {}", r.topic(), r.partition(), r.offset(), reason);
        DeadLetter d = DeadLetter.of(r.topic(), r.partition(), r.offset(), System.currentTimeMillis() * 1_000_000L,
                reason, r.key(), r.value());
        dlq.send(new ProducerRecord<>(Topics.DLQ.name(), r.topic(), d), (m, e) -> {
            if (e != null) {
                log.error("Could not write a dead letter for {} offset {}: {}", source, r.offset(), e.toString());
            }
        });
    }

    /** Assigns partitions of the recorded topics not assigned yet, at the archive's positions or the start. */
    private void assignNewPartitions() {
        Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(10));
        Set<TopicPartition> have = consumer.assignment();
        List<TopicPartition> added = new ArrayList<>();
        for (String t : TOPICS) {
            for (PartitionInfo pi : all.getOrDefault(t, List.of())) {
                TopicPartition tp = new TopicPartition(t, pi.partition());
                if (!have.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        if (added.isEmpty()) {
            return;
        }
        List<TopicPartition> assignment = new ArrayList<>(have);
        assignment.addAll(added);
        consumer.assign(assignment);
        Map<String, Long> stored = core.startPositions();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(added);
        for (TopicPartition tp : added) {
            String source = tp.topic() + "/" + tp.partition();
            Long at = stored.get(source);
            long from = begin.getOrDefault(tp, 0L);
            if (at != null && at < from) {
                log.warn("{}: the recording stopped at offset {} but the topic now starts at {}: records {}..{} "
                        + "are gone (retention) and missing from the archive", source, at, from, at, from - 1);
            }
            long start = at == null ? from : Math.max(at, from);
            consumer.seek(tp, start);
            if (!core.tracks(source)) {
                core.track(source, tp.topic(), start);
            }
        }
        log.info("Recording {} from {} partitions of {}", settings.session(), assignment.size(), TOPICS);
    }

    private boolean caughtUp() {
        Set<TopicPartition> parts = consumer.assignment();
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(5));
        for (TopicPartition tp : parts) {
            if (consumer.position(tp) < end.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    public RecorderStats stats() {
        return stats.get();
    }

    /** Whether the recorder has stopped (by itself, by close, or by failing). */
    public boolean isDone() {
        return finished.getCount() == 0;
    }

    /** Why it stopped by itself ("the session ended", "the duration ... is over"), or empty. */
    public String stopReason() {
        return stopReason;
    }

    /** Waits until the recorder stops by itself; returns false on timeout. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error that stopped it, or null. */
    public Throwable failure() {
        return failure.get();
    }

    public java.nio.file.Path archivePath() {
        return settings.out();
    }

    /** Stops reading, writes the buffered rows and commits (everything read so far is durable afterwards). */
    /**
     * After {@link #start}: reports the recorder's Kafka consumer to {@code meters} (records-lag per partition of its
     * group, fetch rates and latency), so an operator sees a recording falling behind.
     */
    public Recorder bindMeters(io.micrometer.core.instrument.MeterRegistry meters) {
        if (consumer == null) {
            throw new IllegalStateException("start the recorder before binding its meters");
        }
        consumerMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(meters);
        return this;
    }

    @Override
    public void close() {
        if (consumerMetrics != null) {
            consumerMetrics.close();
        }
        if (thread == null) {
            return;
        }
        running = false;
        if (consumer != null && !isDone()) {
            consumer.wakeup();
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A summary of the stats in a few plain words. */
    public static String summary(RecorderStats s) {
        return String.format(java.util.Locale.ROOT,
                "%d volumes, %d trace frames, %d ephys samples, %d events; %d records read (%.1f MB), %d of other "
                        + "sessions, %d to zl.dlq; ephys gaps %d (%d samples), duplicate blocks %d (%d samples); "
                        + "volumes with missing planes %d, trace frames with missing blocks %d%s%s",
                s.volumes(), s.traceFrames(), s.ephysSamples(), s.events(), s.records(), s.bytes() / 1e6,
                s.otherSessions(), s.deadLetters(), s.ephysGaps(), s.ephysGapSamples(), s.ephysDuplicateBlocks(),
                s.ephysDuplicateSamples(), s.volumesGivenUp(), s.traceFramesGivenUp(),
                s.tracesWaiting() > 0 ? "; " + s.tracesWaiting() + " trace blocks not stored (neuron count unknown)"
                        : "", s.resumed() ? "; resumed an interrupted recording" : "");
    }
}
