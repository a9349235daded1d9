package org.zaploop.ingest.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.kafka.PlanePartitioner;
import org.zaploop.ingest.clock.ClockFit;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * The gateway's Kafka side: validates each record a rig sent and publishes it, or sends it to {@code zl.dlq}
 * with the reason. Writes {@code zl.imaging.planes}, {@code zl.ephys.blocks}, {@code zl.rig.events} and
 * {@code zl.dlq}.
 *
 * <p>Like the virtual fish, producers with opposite settings: bulk for planes (8 MiB requests, batching), fast
 * for ephys and events ({@code linger.ms=0}); plus a small one for dead letters. Planes go through
 * {@link GatewayConfig#planeProducers()} bulk producers, each plane to the one that owns its partition (partition
 * mod producers; the partition is the default partitioner's, set explicitly): a broker reads one request per
 * connection at a time, so a single connection moves one 5.4 MB plane at a time through the broker, and a second
 * lets the broker's threads work on two. Each partition still has one producer, so its order is kept. All use {@code acks=all}
 * and idempotence. Each kind is validated and handed to its producer on its own thread, never on an event loop:
 * decoding a 5.4 MB plane takes a millisecond, and {@code send} may block on metadata or a full buffer. One
 * thread per kind keeps each connection's records in order, and a plane never delays an ephys block.
 */
final class RecordPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordPublisher.class);

    private final List<KafkaProducer<String, byte[]>> bulk = new ArrayList<>();
    private volatile int planePartitions; // of zl.imaging.planes, read at warm-up (0 = not yet known)
    private final KafkaProducer<String, byte[]> fast;
    private final KafkaProducer<String, byte[]> dlq;
    private final ExecutorService bulkThread = Executors.newSingleThreadExecutor(daemon("zl-gateway-planes"));
    private final ExecutorService fastThread = Executors.newSingleThreadExecutor(daemon("zl-gateway-fast"));
    private final RecordValidator validator = new RecordValidator();
    private final GatewayMetrics metrics;

    RecordPublisher(GatewayConfig config, GatewayMetrics metrics) {
        this.metrics = metrics;
        Properties b = base(config, "zaploop-gateway-planes");
        b.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        // A batch holds one full plane: the producer's buffer pool only recycles batch.size buffers, so a
        // smaller batch.size would allocate (and garbage) a fresh 5.4 MB buffer per plane.
        b.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        b.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Never the limit: the gateway pauses rigs at maxInFlightBytes, well below this.
        b.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(256L << 20, 2 * config.maxInFlightBytes()
                + 2L * TopicCatalogue.PLANE_MAX_MESSAGE_BYTES)));
        b.put(ProducerConfig.SEND_BUFFER_CONFIG, String.valueOf(4 << 20));
        b.putAll(config.producerOverrides());
        for (int i = 0; i < config.planeProducers(); i++) {
            Properties bi = new Properties();
            bi.putAll(b);
            bi.put(ProducerConfig.CLIENT_ID_CONFIG, "zaploop-gateway-planes-" + i);
            bulk.add(new KafkaProducer<>(KafkaClientSettings.secure(bi), new StringSerializer(),
                    new ByteArraySerializer()));
        }
        Properties f = base(config, "zaploop-gateway-fast");
        f.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        f.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.BULK_MAX_MESSAGE_BYTES));
        f.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(64L << 20, 2 * config.maxInFlightBytes())));
        f.putAll(config.producerOverrides());
        this.fast = new KafkaProducer<>(KafkaClientSettings.secure(f), new StringSerializer(), new ByteArraySerializer());
        Properties d = base(config, "zaploop-gateway-dlq");
        d.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        d.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.DLQ_MAX_MESSAGE_BYTES));
        d.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L << 20));
        d.putAll(config.producerOverrides());
        this.dlq = new KafkaProducer<>(KafkaClientSettings.secure(d), new StringSerializer(), new ByteArraySerializer());
    }

    private static Properties base(GatewayConfig config, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Records stamped further ahead of the gateway's clock are refused (Kafka's default limit is an hour). */
    static final long MAX_FUTURE_MS = 50 * 60_000L;

    /**
     * Blocks until every producer has the metadata of its topics, so the first record does not wait for it; learns
     * the planes' partition count, which spreads planes over the bulk producers from then on.
     */
    void warmUp() {
        for (KafkaProducer<String, byte[]> p : bulk) {
            planePartitions = p.partitionsFor(Topics.PLANES.name()).size();
        }
        fast.partitionsFor(Topics.EPHYS.name());
        fast.partitionsFor(Topics.RIG_EVENTS.name());
        dlq.partitionsFor(Topics.DLQ.name());
    }

    /**
     * Validates and publishes one record on the kind's thread; {@code done} runs on a Kafka or publisher
     * thread (hand it back to the event loop yourself).
     *
     * @param kind       what the rig said it is (binary magic or text frame)
     * @param bytes      the record as received; the gateway may rewrite its acquisitionNs in place
     * @param session    the session of the connection or request; the record's must equal it
     * @param rigClock   the fit of the rig's clock when the rig declared {@code clock=rig}, else null
     * @param receivedNs {@link System#nanoTime()} when the gateway received it (for the latency)
     */
    void publish(RecordKind kind, byte[] bytes, String session, ClockFit rigClock, long receivedNs,
                 Consumer<Outcome> done) {
        execute(kind == RecordKind.PLANE ? bulkThread : fastThread, done, () -> {
            RecordValidator.Valid valid;
            try {
                valid = validator.validate(kind, bytes, session, rigClock);
            } catch (MalformedRecordException e) {
                reject(kind.topic(), session, bytes, 400, e.getMessage(), done);
                return;
            }
            long aheadMs = valid.timestampMs() - System.currentTimeMillis();
            if (aheadMs > MAX_FUTURE_MS) {
                // Kafka refuses a record stamped more than message.timestamp.after.max.ms (an hour by default) ahead,
                // and with it every valid record that shares its batch: refuse it here, alone.
                reject(kind.topic(), session, bytes, 400, kind.topic() + ": acquisition time is " + aheadMs / 1000
                        + " s ahead of the gateway's clock; records more than " + MAX_FUTURE_MS / 60_000
                        + " min in the future are refused", done);
                return;
            }
            Integer partition = kind == RecordKind.PLANE ? planePartition(valid.key()) : null;
            KafkaProducer<String, byte[]> producer = kind != RecordKind.PLANE ? fast
                    : bulk.get(partition == null ? 0 : partition % bulk.size());
            send(producer, kind, valid, partition, session, bytes, receivedNs, done);
        });
    }

    /** Refuses a record without looking inside (unknown magic, too large): dead letter, then {@code done}. */
    void refuse(String sourceTopic, String session, byte[] bytes, int status, String reason, Consumer<Outcome> done) {
        execute(fastThread, done, () -> reject(sourceTopic, session, bytes, status, reason, done));
    }

    private static void execute(ExecutorService thread, Consumer<Outcome> done, Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            done.accept(new Outcome.Failed("not published: the gateway is shutting down"));
        }
    }

    /** Publishes an event the gateway itself made (CLOCK_SYNC); failures are only logged. */
    void publishOwnEvent(RigEvent event) {
        byte[] value = Topics.RIG_EVENTS.valueSerde().serializer().serialize(Topics.RIG_EVENTS.name(), event);
        execute(fastThread, o -> { }, () -> {
            try {
                fast.send(new ProducerRecord<>(Topics.RIG_EVENTS.name(), null, event.acquisitionNs() / 1_000_000,
                        event.session(), value), (md, e) -> {
                        if (e == null) {
                            metrics.clockSyncs.increment();
                        } else {
                            log.warn("Could not publish {} for session {}: {}", event.kind(), event.session(),
                                    e.getMessage());
                        }
                    });
            } catch (RuntimeException e) {
                log.warn("Could not publish {} for session {}: {}", event.kind(), event.session(), e.getMessage());
            }
        });
    }

    /**
     * The plane's partition by the rule every producer of planes follows ({@link PlanePartitioner}), or null (the
     * producer chooses) for a record without a key or before the partitions are known.
     */
    private Integer planePartition(String key) {
        int partitions = planePartitions;
        if (key == null || partitions == 0) {
            return null;
        }
        return PlanePartitioner.forKey(key, partitions);
    }

    private void send(KafkaProducer<String, byte[]> producer, RecordKind kind, RecordValidator.Valid valid,
                      Integer partition, String session, byte[] original, long receivedNs, Consumer<Outcome> done) {
        try {
            producer.send(new ProducerRecord<>(kind.topic(), partition, valid.timestampMs(), valid.key(),
                            valid.bytes()),
                    (md, e) -> {
                        if (e == null) {
                            metrics.recordPublishLatency(System.nanoTime() - receivedNs);
                            metrics.bytesPublished.add(valid.bytes().length);
                            (kind == RecordKind.PLANE ? metrics.planes : kind == RecordKind.EPHYS ? metrics.ephys
                                    : metrics.events).increment();
                            done.accept(new Outcome.Published(md.topic(), md.partition(), md.offset()));
                        } else if (e instanceof InvalidTimestampException || e instanceof RecordTooLargeException) {
                            // The record itself is what Kafka refuses (an acquisition time far outside the broker's
                            // window, a size over its limit): bad input, not an outage, so a dead letter and a 400.
                            reject(kind.topic(), session, original, 400, "Kafka refused the record: " + e.getMessage(),
                                    done);
                        } else {
                            failed(kind, e, done);
                        }
                    });
        } catch (RuntimeException e) {
            failed(kind, e, done);
        }
    }

    private void failed(RecordKind kind, Exception e, Consumer<Outcome> done) {
        metrics.publishFailures.increment();
        log.warn("Kafka did not take a record for {}: {}", kind.topic(), e.getMessage());
        done.accept(new Outcome.Failed("not published to " + kind.topic() + ": " + e.getMessage()));
    }

    private void reject(String sourceTopic, String session, byte[] bytes, int status, String reason,
                        Consumer<Outcome> done) {
        metrics.rejected.increment();
        try {
            DeadLetter letter = DeadLetter.of(sourceTopic, 0, 0, System.currentTimeMillis() * 1_000_000L, reason,
                    session == null ? null : session.getBytes(StandardCharsets.UTF_8), bytes);
            byte[] value = Topics.DLQ.valueSerde().serializer().serialize(Topics.DLQ.name(), letter);
            dlq.send(new ProducerRecord<>(Topics.DLQ.name(), sourceTopic, value), (md, e) -> {
                if (e == null) {
                    metrics.deadLetters.increment();
                } else {
                    log.warn("Could not write a dead letter for {}: {}", sourceTopic, e.getMessage());
                }
                done.accept(new Outcome.Rejected(status, reason));
            });
        } catch (RuntimeException e) {
            log.warn("Could not write a dead letter for {}: {}", sourceTopic, e.getMessage());
            done.accept(new Outcome.Rejected(status, reason));
        }
    }

    @Override
    public void close() {
        for (ExecutorService s : new ExecutorService[] {bulkThread, fastThread}) {
            s.shutdown();
            try {
                if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
                    s.shutdownNow(); // a send blocked on a full producer buffer must not hold the shutdown
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Bounded: a stopping gateway flushes what it can, but never outlives Gateway.close()'s own limit.
        for (KafkaProducer<String, byte[]> p : bulk) {
            p.close(Duration.ofSeconds(15));
        }
        fast.close(Duration.ofSeconds(15));
        dlq.close(Duration.ofSeconds(5));
    }
}
