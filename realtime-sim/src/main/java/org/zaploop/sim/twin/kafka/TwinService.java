package org.zaploop.sim.twin.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.CandidateForecaster;
import org.zaploop.protocol.Topic;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.sim.fish.EphysLayout;
import org.zaploop.sim.twin.DigitalTwin;
import org.zaploop.sim.twin.FrameAssembler;
import org.zaploop.sim.twin.FramePercept;
import org.zaploop.sim.twin.NeuronTableAssembler;
import org.zaploop.sim.twin.RegionMap;
import org.zaploop.sim.twin.ShownStimulus;
import org.zaploop.sim.twin.TailPeriods;
import org.zaploop.sim.twin.TwinFrame;
import org.zaploop.sim.twin.TwinModel;
import org.zaploop.sim.twin.TwinParams;

/**
 * The digital twin on Kafka. Reads the session's neuron table from {@code zl.segmentation} (from the beginning,
 * compacted) and builds the twin on it; then follows {@code zl.traces} (ΔF/F blocks, put back together per frame)
 * and {@code zl.rig.events} (what the fish is shown) live, from their ends. Per measured frame it writes one
 * {@code SimActivity} per region to {@code zl.sim.activity} (key {@code session/region}: firing rate and mean
 * simulated ΔF/F per population, the region's tracking error), and every {@code forecastEvery} frames a forecast of
 * H frames by simulation to {@code zl.forecasts} (forecaster {@value #FORECASTER}, one block per neuron-table
 * block, key {@code session/block}), unless more than a frame of trace blocks is still waiting to be read (the twin
 * is behind: it catches up first).
 * With candidate stimuli configured it also simulates each of them on a copy of the same state every frame and
 * publishes the predicted ΔF/F to {@code zl.forecasts} under the candidate's name ({@link CandidateForecaster}),
 * for the controller's model-predictive policy. Records that do not decode go to {@code zl.dlq} with the reason;
 * the records beside them are still used. One thread does it all, so the twin is driven by one thread.
 */
public final class TwinService implements AutoCloseable {

    public static final String FORECASTER = "twin";

    /**
     * @param horizon       frames forecast ahead (ZAPBench: 32)
     * @param forecastEvery forecast every this many frames (0: never)
     * @param candidates    stimuli whose responses are predicted every frame for a model-predictive controller
     *                      (empty: none)
     * @param mpcHorizon    frames each candidate is simulated ahead
     * @param model         fitted region parameters ({@code zaploop twin fit}), or null for none
     */
    public record Settings(String bootstrap, String session, TwinParams params, int horizon, int forecastEvery,
                           List<CandidateForecaster> candidates, int mpcHorizon, TwinModel model) {
        public Settings {
            if (horizon < 1 || forecastEvery < 0 || mpcHorizon < 1) {
                throw new IllegalArgumentException("horizons must be >= 1 and forecastEvery >= 0");
            }
            candidates = List.copyOf(candidates);
        }
    }

    private final Settings settings;
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics consumerMetrics;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private final TwinPublisher publisher;
    private final TwinStats stats = new TwinStats();
    /** The tail's activity of the frame being taken (left, right). */
    private final double[] swim = new double[2];
    private final AtomicReference<String> state = new AtomicReference<>("waiting for the neuron table");
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running = true;

    public TwinService(Settings settings) {
        this.settings = settings;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        // after a long forecast the tail's 100 blocks a second pile up: a poll of 500 records could hand over a
        // frame's traces before the tail blocks of its period, and the frame would go without its own tail
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(KafkaClientSettings.secure(c), new StringDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 * 1024 * 1024));
        this.producer = new KafkaProducer<>(KafkaClientSettings.secure(p), new StringSerializer(), new ByteArraySerializer());
        this.publisher = new TwinPublisher(settings.session(), producer);
        this.thread = new Thread(this::run, "digital-twin");
        thread.setDaemon(true);
    }

    public TwinService start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            NeuronTableAssembler table = loadTable();
            if (table == null) {
                return;
            }
            state.set("building the twin");
            RegionMap map = table.regionMap();
            TwinModel model = settings.model() == null ? TwinModel.neutral(map.regionNames()) : settings.model();
            try (DigitalTwin twin = new DigitalTwin(settings.params(), map, model)) {
                stats.started(twin);
                follow(twin, table);
            }
        } catch (WakeupException stopping) {
            // close() woke us up
        } catch (RuntimeException | Error e) {
            failure.set(e);
            state.set("failed: " + e.getMessage());
        } finally {
            consumer.close();
        }
    }

    /** Reads {@code zl.segmentation} from the beginning until the session's newest table is complete. */
    private NeuronTableAssembler loadTable() {
        List<TopicPartition> parts = partitions(Topics.SEGMENTATION);
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        NeuronTableAssembler table = new NeuronTableAssembler();
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                NeuronTableBlock b = decode(Topics.SEGMENTATION, r);
                if (b != null && b.session().equals(settings.session())) {
                    table.add(b);
                }
            }
            if (table.complete()) {
                return table;
            }
        }
        return null;
    }

    /**
     * Follows traces, rig events and the tail recording live; one twin frame per assembled frame, its motor pools
     * driven by the fish's swimming during that frame's period.
     */
    private void follow(DigitalTwin twin, NeuronTableAssembler table) {
        List<TopicPartition> traceParts = partitions(Topics.TRACES);
        List<TopicPartition> ephysParts = partitions(Topics.EPHYS);
        List<TopicPartition> parts = new ArrayList<>(traceParts);
        parts.addAll(partitions(Topics.RIG_EVENTS));
        parts.addAll(ephysParts);
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        FrameAssembler frames = new FrameAssembler(twin.map().measured());
        Map<Integer, int[]> layout = table.layout();
        int n = twin.map().measured();
        float[] ahead = settings.forecastEvery() > 0 ? new float[settings.horizon() * n] : null;
        float[] candidate = settings.candidates().isEmpty() ? null : new float[settings.mpcHorizon() * n];
        ShownStimulus shown = new ShownStimulus(twin.params().framePeriodS());
        TailPeriods tail = new TailPeriods(twin.params().framePeriodS());
        state.set("following " + n + " neurons");
        while (running) {
            ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
            long[] waiting = {backlog(traceParts, batch)};
            // the tail first: a frame's traces come long after its period's samples, but may share their batch
            for (TopicPartition tp : ephysParts) {
                for (ConsumerRecord<String, byte[]> r : batch.records(tp)) {
                    EphysBlock e = decode(Topics.EPHYS, r);
                    if (e != null && e.session().equals(settings.session()) && e.channels() > EphysLayout.RIGHT) {
                        tail.add(e.acquisitionNs(), e.sampleRateHz(), e.data(), e.channels(), e.samples());
                    }
                }
            }
            for (ConsumerRecord<String, byte[]> r : batch) {
                if (r.topic().equals(Topics.EPHYS.name())) {
                    continue;
                }
                if (r.topic().equals(Topics.RIG_EVENTS.name())) {
                    RigEvent e = decode(Topics.RIG_EVENTS, r);
                    if (e != null && e.session().equals(settings.session()) && e.stimulus() != null
                            && (e.kind() == RigEventKind.STIMULUS || e.kind() == RigEventKind.COMMAND_ACK)) {
                        long from = e.frame() != null ? e.frame() : Math.max(0, twin.lastFrame());
                        shown.command(e.stimulus(), e.params(), from);
                        FramePercept p = shown.during(from);
                        twin.show(p.stimulus(), p.params());
                    }
                    continue;
                }
                waiting[0]--;
                TraceBlock b = decode(Topics.TRACES, r);
                if (b == null || !b.session().equals(settings.session())) {
                    continue;
                }
                try {
                    frames.add(b, f -> step(twin, shown, tail, f, waiting[0] > layout.size(), layout, ahead,
                            candidate));
                } catch (IllegalArgumentException e) {
                    deadLetter(r, e.getMessage());
                }
            }
        }
    }

    /**
     * One measured frame: the twin takes it and publishes its activity; then, unless it is behind (more than a frame
     * of trace blocks still to read: it catches up first), the forecast and the candidates' predictions.
     */
    private void step(DigitalTwin twin, ShownStimulus shown, TailPeriods tail, FrameAssembler.Frame f, boolean behind,
                      Map<Integer, int[]> layout, float[] ahead, float[] candidate) {
        int n = twin.map().measured();
        tail.anchor(f.frame(), f.acquisitionNs());
        if (tail.take(f.frame(), swim)) {
            twin.tail(swim[0], swim[1]);
            stats.tailKnown();
        } else if (tail.recording()) {
            twin.tailUnknown();
            stats.tailLate();
        }
        FramePercept now = shown.during(f.frame() - 1); // the period this frame ends
        twin.show(now.stimulus(), now.params());
        TwinFrame tf = twin.observe(f.frame(), f.dff());
        stats.frame(tf, twin.map());
        publisher.activity(twin, tf, f.acquisitionNs());
        int context = (int) Math.min(stats.frames(), 65536);
        boolean due = ahead != null && stats.frames() % settings.forecastEvery() == 0;
        if (due && behind) {
            stats.skipped();
        } else if (due) {
            long t0 = System.nanoTime();
            Schedule s = new Schedule(settings.horizon());
            for (int k = 0; k < s.stimuli.length; k++) {
                s.set(k, shown.during(f.frame() + k));
            }
            twin.simulateAheadShowing(settings.horizon(), s.stimuli, s.params, 0, ahead, null);
            stats.forecast(System.nanoTime() - t0);
            publisher.forecast(FORECASTER, f.frame(), f.acquisitionNs(), context, settings.horizon(), n, ahead,
                    layout);
        }
        if (candidate != null && !behind) {
            // the response to each candidate stimulus, on copies of the same state
            for (CandidateForecaster c : settings.candidates()) {
                Schedule s = new Schedule(settings.mpcHorizon());
                for (int k = 0; k < s.stimuli.length; k++) {
                    s.set(k, shown.candidate(c.stimulus().name(), c.params(), k));
                }
                twin.simulateAheadShowing(settings.mpcHorizon(), s.stimuli, s.params, 0, candidate, null);
                publisher.forecast(c.forecaster(), f.frame(), f.acquisitionNs(), context, settings.mpcHorizon(), n,
                        candidate, layout);
            }
            stats.predicted();
        }
    }

    /** What the fish will see in each period ahead, as {@link DigitalTwin#simulateAheadShowing} takes it. */
    private static final class Schedule {
        final String[] stimuli;
        final List<Map<String, Double>> params;

        Schedule(int horizon) {
            stimuli = new String[horizon];
            params = new ArrayList<>(Collections.nCopies(horizon, Map.of()));
        }

        void set(int step, FramePercept p) {
            stimuli[step] = p.stimulus();
            params.set(step, p.params());
        }
    }

    /** Trace records not yet handled: those of this batch plus what the broker holds beyond it. */
    private long backlog(List<TopicPartition> traceParts, ConsumerRecords<String, byte[]> batch) {
        long waiting = 0;
        for (TopicPartition tp : traceParts) {
            waiting += batch.records(tp).size() + consumer.currentLag(tp).orElse(0);
        }
        return waiting;
    }

    private List<TopicPartition> partitions(Topic<String, ?> topic) {
        return consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private <V> V decode(Topic<String, V> topic, ConsumerRecord<String, byte[]> r) {
        try {
            return topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (MalformedRecordException e) {
            deadLetter(r, e.getMessage());
            return null;
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
        rejected.incrementAndGet();
        DeadLetter d = DeadLetter.of(r.topic(), r.partition(), r.offset(), System.currentTimeMillis() * 1_000_000,
                "digital twin: " + reason,
                r.key() == null ? null : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), r.value());
        producer.send(new ProducerRecord<>(Topics.DLQ.name(), r.topic(),
                Topics.DLQ.valueSerde().serializer().serialize(Topics.DLQ.name(), d)));
    }

    public TwinStats stats() {
        return stats;
    }

    /** What the twin is doing, in words. */
    public String state() {
        return state.get();
    }

    public Throwable failure() {
        return failure.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** The traces consumer, for its client meters (fetch lag per partition). */
    KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    /** Keeps the consumer's meters so that closing the twin stops their refresh too. */
    io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics consumerMetrics(
            io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics m) {
        consumerMetrics = m;
        return m;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        if (consumerMetrics != null) {
            consumerMetrics.close();
        }
    }
}
