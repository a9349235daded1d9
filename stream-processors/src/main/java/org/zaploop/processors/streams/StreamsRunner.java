package org.zaploop.processors.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.zaploop.protocol.kafka.KafkaClientSettings;

/**
 * Runs one topology as a Kafka Streams application: builds it with the topology class's {@code addTo}, applies the
 * operator's settings first and the defaults with {@code putIfAbsent}, starts, reports state, closes. A plain
 * object the launcher starts ({@code start(bootstrap)}, {@code status()}, {@code close()}).
 *
 * <p>Defaults: fast path ({@code fastPath = true}) = {@code at_least_once}, producer {@code linger.ms=0},
 * {@code commit.interval.ms=100}; replay = {@code exactly_once_v2}, {@code commit.interval.ms=100}, one produce
 * request in flight per broker. Always: a fresh {@code state.dir} unless given (removed again on close), explicit
 * internal naming enforced, large fetch and request sizes for the 4 MiB binary records.
 */
public class StreamsRunner implements AutoCloseable {

    private final String name;
    private final Consumer<StreamsBuilder> topology;
    private final RunnerConfig config;
    private volatile KafkaStreams streams;
    private volatile Throwable failure;
    private KafkaStreamsMetrics streamsMetrics;
    /** The state directory this runner made for itself (no {@code state.dir} given); removed again on close. */
    private Path ownStateDir;

    public StreamsRunner(String name, Consumer<StreamsBuilder> topology, RunnerConfig config) {
        this.name = name;
        this.topology = topology;
        this.config = config;
    }

    /** The topology this runner runs (for describing it). */
    public Topology topology(Properties props) {
        StreamsBuilder b = new StreamsBuilder();
        topology.accept(b);
        return b.build(props);
    }

    /**
     * System properties named {@code zaploop.streams.<property>} set Streams properties of every runner in the
     * process ({@code zaploop run NAME --streams-config KEY=VALUE}); they win over the config's overrides.
     */
    public static final String PROPERTY_PREFIX = "zaploop.streams.";

    /** The Streams properties: the process's {@value #PROPERTY_PREFIX} ones, the config's overrides, the defaults. */
    public Properties properties(String bootstrap) {
        Properties p = new Properties();
        p.putAll(config.overrides());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(PROPERTY_PREFIX))
                .forEach(k -> p.put(k.substring(PROPERTY_PREFIX.length()), System.getProperty(k)));
        KafkaClientSettings.secure(p); // the operator's Kafka client settings (security) win
        p.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                config.fastPath() ? StreamsConfig.AT_LEAST_ONCE : StreamsConfig.EXACTLY_ONCE_V2);
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), config.fastPath() ? "0" : "5");
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), String.valueOf(16 << 20));
        if (!config.fastPath()) {
            // One produce request at a time per broker. A transaction's first batch to a partition can be refused
            // for a moment (the broker still adding the partition to the transaction, or a new changelog's log not
            // created yet); with a second request in flight, its batch lands first and the broker refuses it as out
            // of sequence — an ERROR with a stack trace in the broker's log at every fresh start, and a retry. A
            // broker serves one request per connection at a time anyway, so little is lost.
            p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), "1");
        }
        p.putIfAbsent(StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), String.valueOf(16 << 20));
        p.putIfAbsent(StreamsConfig.consumerPrefix("fetch.max.bytes"), String.valueOf(64 << 20));
        p.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        p.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(config.threads()));
        p.putIfAbsent(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        p.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
        p.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        // Global stores (segmentation, rig events) get the same exception handling as the rest, as Kafka 5 will do.
        p.putIfAbsent("processing.exception.handler.global.enabled", "true");
        // The partition assignor reads its Streams config from the main consumer's settings, which leave the flag
        // out; without it there, every start warns that the handler is off for global stores.
        p.putIfAbsent(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), "true");
        return p;
    }

    private Path stateDir() {
        if (config.stateDir() != null) {
            return config.stateDir();
        }
        try {
            if (ownStateDir == null) {
                ownStateDir = Files.createTempDirectory("zaploop-" + name + "-state");
            }
            return ownStateDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the application and reports it to {@code meters}: Kafka Streams' own metrics (process rates, consumer
     * lag per partition, commit latency …, through Micrometer's binder) and each numeric figure of {@link #status()}:
     * a cumulative count as the counter {@code zaploop.processor.events{processor, figure}}
     * ({@code zaploop_processor_events_total}), a level ({@link #isLevel}) as the gauge
     * {@code zaploop.processor.level{processor, figure}}; a count named {@code deadLetters.<reason>} as the counter
     * {@code zaploop.processor.dead.letters{processor, reason}}.
     */
    public synchronized void start(String bootstrap, MeterRegistry meters) {
        start(bootstrap);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        ProcessorMeters.bind(name, this, StreamsRunner::status, this::isLevel, meters);
        stageLatencies().forEach((stage, latency) -> {
            io.micrometer.core.instrument.Timer t = io.micrometer.core.instrument.Timer.builder("zaploop.stage.latency")
                    .description("time from the acquisition of the data to the end of the stage")
                    .tags("stage", stage, "data", "traces").publishPercentileHistogram().register(meters);
            latency.bind(ns -> t.record(ns, java.util.concurrent.TimeUnit.NANOSECONDS));
        });
    }

    /**
     * The stages this processor times from acquisition ({@code zaploop.stage.latency{stage}}), by stage name; none
     * unless a subclass says so. A stage is done when its records are handed to the sink (under exactly-once they
     * become visible downstream at the next commit, up to {@code commit.interval.ms} later).
     */
    protected Map<String, StageLatency> stageLatencies() {
        return Map.of();
    }

    /** Status figures named {@code deadLetters.<reason>} count dead letters of one reason (a small, fixed set). */
    public static final String DEAD_LETTERS = ProcessorMeters.DEAD_LETTERS;

    /**
     * Whether a numeric status figure is a level (may go down: a mean, a shift, a table size) rather than a
     * cumulative count: floating-point figures are levels, integer ones counts, unless a subclass says otherwise.
     */
    protected boolean isLevel(String figure, Number value) {
        return ProcessorMeters.floatingPointIsLevel(figure, value);
    }

    public synchronized void start(String bootstrap) {
        if (streams != null) {
            throw new IllegalStateException(name + " already started");
        }
        Properties p = properties(bootstrap);
        KafkaStreams s = new KafkaStreams(topology(p), p);
        s.setUncaughtExceptionHandler(e -> {
            failure = e;
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streams = s;
        s.start();
    }

    /** Whether the application is running (all its tasks assigned and processing). */
    public boolean running() {
        KafkaStreams s = streams;
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    /** The tasks (sub-topology_partition) this instance processes now; empty before it runs. */
    public java.util.Set<String> activeTasks() {
        KafkaStreams s = streams;
        java.util.Set<String> out = new java.util.TreeSet<>();
        if (s != null) {
            s.metadataForLocalThreads().forEach(t -> t.activeTasks().forEach(m -> out.add(m.taskId().toString())));
        }
        return out;
    }

    /** A small map of figures: state, failure if any; subclasses add their counters. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        KafkaStreams s = streams;
        m.put("processor", name);
        m.put("state", s == null ? "NOT_STARTED" : s.state().name());
        if (failure != null) {
            m.put("failure", String.valueOf(failure.getMessage()));
        }
        return m;
    }

    @Override
    public synchronized void close() {
        KafkaStreams s = streams;
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (s != null) {
            // Leave the group on a clean stop: a restarted or remaining instance takes the partitions at once
            // instead of waiting out this member's session timeout (45 s). A crash still waits, as it must.
            s.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        if (ownStateDir != null && (s == null || !s.state().isRunningOrRebalancing() && s.state() != KafkaStreams.State.PENDING_SHUTDOWN)) {
            // Nobody can reuse a directory with a random name: its stores are rebuilt from the changelogs anyway.
            deleteTree(ownStateDir);
            ownStateDir = null;
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory costs nothing but disk; never fail a clean stop for it.
        }
    }
}
