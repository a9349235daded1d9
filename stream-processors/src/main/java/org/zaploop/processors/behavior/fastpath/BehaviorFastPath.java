package org.zaploop.processors.behavior.fastpath;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ObjLongConsumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.realtime.LoopThreads;
import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.behavior.topology.BehaviorCounters;
import org.zaploop.processors.behavior.topology.BehaviorTopology;
import org.zaploop.processors.behavior.topology.TailBehaviors;
import org.zaploop.processors.streams.ProcessorMeters;
import org.zaploop.processors.streams.SafeDecode;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.EphysBlock;

/**
 * The live loop's behaviour stage as a plain consumer group (DESIGN.md: "a Kafka Streams application or a plain
 * consumer group"): reads {@code zl.ephys.blocks} (key session), writes one {@code Behavior} per tail block to
 * {@code zl.behavior} (key session) and malformed records, or blocks whose key is not their session, to
 * {@code zl.dlq}. The same detection as {@link BehaviorTopology} ({@link TailBehaviors}), without what Streams adds
 * per record: no changelog write per block, no task and record-cache layers, one thread that polls, detects and
 * hands the record to the producer.
 *
 * <p>Guarantee: at-least-once. Offsets are committed every {@code commitIntervalMs}, and only at a moment when
 * every record sent so far has been acknowledged, so a crash re-reads (never skips) blocks; the detector drops the
 * re-read ones as duplicates by sample index. The detector's state is kept in memory only: a restarted or
 * reassigned instance starts its filters afresh (as after a gap: about {@code warmupS} of warm-up) instead of
 * writing a changelog record per block. Replays that need exactly-once use {@link BehaviorTopology}.
 *
 * <p>Its thread and its producer's I/O thread are loop threads ({@link LoopThreads}): at Java's highest priority
 * (a lower nice value with {@code -XX:ThreadPriorityPolicy=1}), or under {@code SCHED_FIFO} when the process asks
 * for it, so on a busy machine the loop is scheduled before the simulator and batch work.
 *
 * <p>Stages, reported to the observer as (stage, ns since the newest sample's acquisition):
 * {@value #STAGE_IN} (block read) and {@value #STAGE_OUT} (behaviour handed to the producer).
 */
public final class BehaviorFastPath implements AutoCloseable {

    public static final String STAGE_IN = "behavior-in";
    public static final String STAGE_OUT = "behavior-out";

    private static final Logger LOG = LoggerFactory.getLogger(BehaviorFastPath.class);

    private final FastPathConfig config;
    private final ObjLongConsumer<String> stages;
    private final BehaviorCounters counters = new BehaviorCounters();
    private final TailBehaviors sessions;
    private final Serializer<Behavior> behaviors = Topics.BEHAVIOR.valueSerde().serializer();
    private final Serializer<DeadLetter> deadLetters = Topics.DLQ.valueSerde().serializer();
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Callback onAck = (md, e) -> {
        if (e != null) {
            sendErrors.incrementAndGet();
            lastError.set(e.toString());
        }
        inFlight.decrementAndGet();
    };
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;
    private KafkaClientMetrics consumerMetrics;
    private KafkaClientMetrics producerMetrics;

    /**
     * @param stages told each block's stage times (see the class comment); {@code (s, ns) -> {}} for none
     */
    public BehaviorFastPath(FastPathConfig config, SwimConfig swim, ObjLongConsumer<String> stages) {
        this.config = config;
        this.stages = stages;
        this.sessions = new TailBehaviors(swim, BehaviorTopology.MAX_TAIL_CHANNELS, counters, s -> null);
    }

    public BehaviorFastPath() {
        this(FastPathConfig.defaults(), SwimConfig.defaults(), (s, ns) -> { });
    }

    /** Subscribes and starts the polling thread; then, as {@code StreamsRunner} does, reports the status figures. */
    public synchronized BehaviorFastPath start(String bootstrap, MeterRegistry meters) {
        start(bootstrap);
        // the clients' own meters (consumer lag, fetch and request latency), as Streams reports for its topologies
        consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(meters);
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meters);
        ProcessorMeters.bind("behavior", this, BehaviorFastPath::status, ProcessorMeters::floatingPointIsLevel,
                meters);
        return this;
    }

    public synchronized BehaviorFastPath start(String bootstrap) {
        if (thread != null) {
            throw new IllegalStateException("behaviour fast path already started");
        }
        // the clients' I/O threads are the loop too
        consumer = LoopThreads.creating(() -> new KafkaConsumer<>(KafkaClientSettings.secure(consumerProps(bootstrap)),
                new StringDeserializer(), new ByteArrayDeserializer()));
        producer = LoopThreads.creating(() -> new KafkaProducer<>(KafkaClientSettings.secure(producerProps(bootstrap)),
                new StringSerializer(), new ByteArraySerializer()));
        producer.partitionsFor(Topics.BEHAVIOR.name()); // metadata now, so the first record does not wait for it
        consumer.subscribe(List.of(Topics.EPHYS.name()), new Rebalance());
        thread = new Thread(this::run, "behavior-fast-path");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    Properties consumerProps(String bootstrap) {
        Properties c = new Properties();
        c.putAll(config.overrides());
        c.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-in");
        c.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a new group starts at the live edge: old blocks are history, not input to a live loop
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        c.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(config.fetchMaxWaitMs()));
        c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        return c;
    }

    Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.putAll(config.overrides());
        p.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-out");
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, config.acks());
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        // idempotence needs acks=all; with acks=1 a retried request could reorder records, and the controller
        // drops behaviour older than what it has already used
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, String.valueOf(!"1".equals(config.acks())));
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return p;
    }

    private void run() {
        LoopThreads.enter(); // see the class comment: the loop before the simulator
        Duration poll = Duration.ofMillis(config.pollMs());
        long commitNs = config.commitIntervalMs() * 1_000_000L;
        long nextCommit = System.nanoTime() + commitNs;
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(poll);
                for (ConsumerRecord<String, byte[]> r : records) {
                    handle(r);
                }
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> l = records.records(tp);
                    processed.put(tp, new OffsetAndMetadata(l.get(l.size() - 1).offset() + 1));
                }
                // commit only when every record sent so far is acknowledged: never past an unsent result
                if (System.nanoTime() >= nextCommit && inFlight.get() == 0 && !processed.isEmpty()) {
                    consumer.commitAsync(new HashMap<>(processed), this::committed);
                    processed.clear();
                    nextCommit = System.nanoTime() + commitNs;
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us up
        } catch (RuntimeException e) {
            failure.set(e);
            LOG.error("behaviour fast path stopped: {}", e.toString(), e);
        } finally {
            try {
                producer.flush();
                if (!processed.isEmpty()) {
                    commitLast();
                }
            } catch (RuntimeException e) {
                LOG.warn("behaviour fast path: could not commit its last offsets ({}); they will be read again",
                        e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void commitLast() {
        try {
            consumer.commitSync(processed, Duration.ofSeconds(5));
        } catch (WakeupException spent) {
            // close() woke the consumer after the loop had already seen it stop: that wake-up lands here, once
            consumer.commitSync(processed, Duration.ofSeconds(5));
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception e) {
        if (e == null) {
            commits.incrementAndGet();
        } else {
            LOG.warn("behaviour fast path: offset commit failed ({}); the blocks since will be read again", e.toString());
        }
    }

    void handle(ConsumerRecord<String, byte[]> r) {
        EphysBlock b;
        String reason;
        try {
            if (r.value() == null) {
                throw new MalformedRecordException(r.topic() + ": null value");
            }
            b = Topics.EPHYS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            reason = SafeDecode.sessionKeyCheck(r.key(), b.session());
        } catch (MalformedRecordException | IllegalArgumentException e) {
            b = null;
            reason = e.getMessage();
        }
        if (reason != null) {
            deadLetter(r, reason);
            return;
        }
        long newestNs = b.acquisitionNs() + Math.round((b.samples() - 1) / b.sampleRateHz() * 1e9);
        stages.accept(STAGE_IN, ZapLoopClock.nowNs() - newestNs);
        Behavior out = sessions.onBlock(b);
        if (out == null) {
            return;
        }
        String topic = Topics.BEHAVIOR.name();
        inFlight.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), behaviors.serialize(topic, out)), onAck);
        stages.accept(STAGE_OUT, ZapLoopClock.nowNs() - out.acquisitionNs());
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
        deadLettered.incrementAndGet();
        DeadLetter d = DeadLetter.of(r.topic(), r.partition(), r.offset(), ZapLoopClock.nowNs(), reason,
                r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value());
        inFlight.incrementAndGet();
        producer.send(new ProducerRecord<>(Topics.DLQ.name(), r.topic(), deadLetters.serialize(Topics.DLQ.name(), d)),
                onAck);
    }

    /** Whether the group has given this instance its partitions (it reads from then on). */
    public boolean assigned() {
        return assigned;
    }

    public BehaviorCounters counters() {
        return counters;
    }

    /** The same figures as the Streams runner's, plus the client's own. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processor", "behavior");
        Throwable f = failure.get();
        Thread t = thread;
        m.put("state", f != null ? "FAILED" : t == null ? "NOT_STARTED" : !assigned ? "STARTING"
                : t.isAlive() ? "RUNNING" : "STOPPED");
        m.putAll(counters.snapshot());
        m.put("deadLetters", deadLettered.get());
        m.put("sendErrors", sendErrors.get());
        m.put("commits", commits.get());
        if (f != null) {
            m.put("failure", String.valueOf(f.getMessage()));
        } else if (lastError.get() != null) {
            m.put("lastSendError", lastError.get());
        }
        return m;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread == null) {
            return;
        }
        if (consumerMetrics != null) {
            consumerMetrics.close();
            producerMetrics.close();
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Flushes and commits what was processed of partitions that move to another instance. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            producer.flush();
            Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = processed.remove(tp);
                if (o != null) {
                    mine.put(tp, o);
                }
            }
            if (!mine.isEmpty()) {
                consumer.commitSync(mine);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = true;
        }
    }
}
