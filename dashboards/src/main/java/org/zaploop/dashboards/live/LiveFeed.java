package org.zaploop.dashboards.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.protocol.records.TraceBlock;

/**
 * The live view's Kafka side, on its own thread: one consumer without a group, assigned every partition of
 * {@code zl.segmentation}, {@code zl.rig.events} and {@code zl.stimulus.commands} from the beginning (the table and
 * the timeline so far) and of {@code zl.traces}, {@code zl.forecasts} and {@code zl.behavior} from the end (only
 * what happens from now on). Each record of the session is decoded with the protocol's serdes and given to the
 * {@link LiveModel}; a record that does not decode is counted and skipped. Requests from the event loop (clients
 * arriving, selecting, leaving) come through a queue and run between polls. Writes no topic.
 */
public final class LiveFeed implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final List<Topic<String, ?>> FROM_START = List.of(Topics.SEGMENTATION, Topics.RIG_EVENTS,
            Topics.STIMULUS_COMMANDS);
    private static final List<Topic<String, ?>> FROM_NOW = List.of(Topics.TRACES, Topics.FORECASTS, Topics.BEHAVIOR);

    private final LiveViewConfig config;
    private final LiveModel model;
    private final LiveOutbox out;
    private final LiveMeters meters;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConcurrentLinkedQueue<Consumer<LiveModel>> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, Counter> recordsByTopic = new ConcurrentHashMap<>(); // read by status()
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean started;
    private volatile Throwable failure;
    /** What the model last said about itself (neurons in the table, frames released): for {@link LiveView#status}. */
    private volatile Map<String, Object> lastStatus = Map.of();

    public LiveFeed(LiveViewConfig config, LiveOutbox out, LiveMeters meters) {
        this.config = config;
        this.out = out;
        this.meters = meters;
        this.model = new LiveModel(config, out);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "zaploop-liveview");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(KafkaClientSettings.secure(p), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this, "liveview-kafka");
        thread.setDaemon(true);
    }

    /** Assigns the partitions (waiting up to 30 s for the topics to exist) and starts the thread. */
    public void start() {
        List<TopicPartition> fromStart = partitions(FROM_START);
        List<TopicPartition> fromNow = partitions(FROM_NOW);
        List<TopicPartition> all = new ArrayList<>(fromStart);
        all.addAll(fromNow);
        consumer.assign(all);
        consumer.seekToBeginning(fromStart);
        consumer.seekToEnd(fromNow);
        for (TopicPartition tp : fromNow) {
            consumer.position(tp); // resolve "end" now, so records produced from here on are not skipped
        }
        started = true;
        thread.start();
    }

    private List<TopicPartition> partitions(List<Topic<String, ?>> topics) {
        List<TopicPartition> out = new ArrayList<>();
        for (Topic<String, ?> t : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(t.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + t.name() + " does not exist at " + config.bootstrap()
                        + " (create the topics first: zaploop topics create)");
            }
            infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        }
        return out;
    }

    /** Runs {@code request} on the Kafka thread between two polls. */
    public void submit(Consumer<LiveModel> request) {
        requests.add(request);
    }

    @Override
    public void run() {
        long nextStatus = 0;
        try {
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    dispatch(r);
                }
                for (Consumer<LiveModel> q; (q = requests.poll()) != null; ) {
                    q.accept(model);
                }
                long now = ZapLoopClock.nowNs();
                model.expire(now);
                if (now >= nextStatus) {
                    Map<String, Object> status = model.status(now);
                    lastStatus = status;
                    out.broadcast(status);
                    nextStatus = now + 1_000_000_000L;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            // An Error too (out of memory, say): the view must say it stopped, not sit silent with no frames.
            failure = e;
            log.error("The live view stopped reading Kafka: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r) {
        recordsByTopic.computeIfAbsent(r.topic(), meters::records).increment();
        Object v;
        try {
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (!config.session().equals(Keys.sessionOf(key))) {
                meters.otherSession.increment();
                return;
            }
            v = Topics.byName(r.topic()).orElseThrow().valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            // A malformed record (or key) never stops the view: count it, say which, go on.
            meters.malformed.increment();
            log.warn("Live view skipped a record of {} at offset {} it could not read: {}", r.topic(), r.offset(),
                    e.getMessage());
            return;
        }
        long now = ZapLoopClock.nowNs();
        if (v instanceof NeuronTableBlock b) {
            model.onSegmentation(b, now);
        } else if (v instanceof TraceBlock b) {
            model.onTrace(b, now);
        } else if (v instanceof ForecastBlock f) {
            model.onForecast(f, now);
        } else if (v instanceof Behavior b) {
            model.onBehavior(b, now);
        } else if (v instanceof StimulusCommand c) {
            model.onCommand(c, now);
        } else if (v instanceof RigEvent e) {
            model.onRigEvent(e, now);
        }
    }

    /** Records read so far, by topic (all sessions), and the model's last status: what the view has seen. */
    public Map<String, Object> seen() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        Map<String, Object> status = lastStatus;
        m.put("neurons", status.getOrDefault("neurons", 0));
        m.put("framesReleased", status.getOrDefault("frames", 0L));
        Map<String, Long> records = new java.util.TreeMap<>();
        recordsByTopic.forEach((topic, c) -> records.put(topic, (long) c.count()));
        m.put("records", records);
        return m;
    }

    /** Why the feed stopped, or null while it runs. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        stopping = true;
        if (!started) {
            consumer.close(Duration.ofSeconds(5)); // never started (the topics were missing): close it here
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
