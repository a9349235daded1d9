package org.zaploop.controller.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zaploop.controller.ControllerMeters;
import org.zaploop.controller.loop.DecisionLoop;
import org.zaploop.controller.policy.PolicyInput;
import org.zaploop.controller.safety.InputKind;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.realtime.LoopThreads;

/**
 * The controller's input thread: reads {@code zl.rig.events} and whichever of {@code zl.behavior},
 * {@code zl.traces}, {@code zl.forecasts} the policy needs, for one session, and feeds the {@link DecisionLoop};
 * ticks the loop between polls. Partitions are assigned explicitly and read from their end (a controller acts on
 * live data only; it keeps no group offsets). A record that does not decode goes to {@code zl.dlq} with the reason,
 * and the records around it are processed. Other sessions' records are skipped by key, undecoded.
 */
public final class ControllerInputs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerInputs.class);

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> dlq;
    private final DecisionLoop loop;
    private final ControllerMeters meters;
    private final String session;
    private final long tickNs;
    private final Thread thread;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean started;

    public ControllerInputs(Consumer<String, byte[]> consumer, Producer<String, byte[]> dlq, DecisionLoop loop,
                            ControllerMeters meters, long tickMs) {
        this.consumer = consumer;
        this.dlq = dlq;
        this.loop = loop;
        this.meters = meters;
        this.session = loop.session();
        this.tickNs = tickMs * 1_000_000L;
        this.thread = new Thread(this::run, "controller-inputs-" + session);
        thread.setDaemon(true);
    }

    /** The topics read for a policy that needs {@code needs}. */
    public static List<String> topicsFor(java.util.Set<InputKind> needs) {
        List<String> t = new ArrayList<>();
        t.add(Topics.RIG_EVENTS.name());
        if (needs.contains(InputKind.BEHAVIOR)) {
            t.add(Topics.BEHAVIOR.name());
        }
        if (needs.contains(InputKind.TRACES)) {
            t.add(Topics.TRACES.name());
        }
        if (needs.contains(InputKind.FORECASTS)) {
            t.add(Topics.FORECASTS.name());
        }
        return t;
    }

    /** Assigns every partition of the topics, positions at their end, then starts polling. */
    public ControllerInputs start(List<String> topics, Duration timeout) {
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            List<PartitionInfo> info = consumer.partitionsFor(t, timeout);
            if (info == null || info.isEmpty()) {
                throw new IllegalStateException("topic " + t + " does not exist: provision the topics first");
            }
            info.forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(p -> consumer.position(p, timeout)); // resolve now: anything produced from here on is seen
        started = true;
        thread.start();
        return this;
    }

    private void run() {
        LoopThreads.enter(); // the loop before batch work
        long nextTick = System.nanoTime();
        try {
            while (running) {
                long waitMs = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000L);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(waitMs))) {
                    handle(r);
                }
                if (System.nanoTime() >= nextTick) {
                    guarded(loop::tick);
                    nextTick = System.nanoTime() + tickNs;
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us up
        } catch (RuntimeException e) {
            LOG.error("controller input thread stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    void handle(ConsumerRecord<String, byte[]> r) {
        String key = r.key();
        String keySession;
        try {
            keySession = Keys.sessionOf(key);
        } catch (MalformedRecordException e) {
            deadLetter(r, e.getMessage());
            return;
        }
        if (!keySession.equals(session) || r.value() == null) {
            return;
        }
        records.incrementAndGet();
        try {
            String topic = r.topic();
            if (topic.equals(Topics.BEHAVIOR.name())) {
                Behavior b = Topics.BEHAVIOR.valueSerde().deserializer().deserialize(topic, r.value());
                if (b.session().equals(session)) {
                    meters.inputNs(ZapLoopClock.nowNs() - b.acquisitionNs());
                    guarded(() -> loop.onInput(new PolicyInput.BehaviorInput(b, ref(r, b.acquisitionNs()))));
                }
            } else if (topic.equals(Topics.TRACES.name())) {
                TraceBlock t = Topics.TRACES.valueSerde().deserializer().deserialize(topic, r.value());
                if (t.session().equals(session)) {
                    meters.inputNs(ZapLoopClock.nowNs() - t.acquisitionNs());
                    guarded(() -> loop.onInput(new PolicyInput.TraceInput(t, ref(r, t.acquisitionNs()))));
                }
            } else if (topic.equals(Topics.FORECASTS.name())) {
                ForecastBlock f = Topics.FORECASTS.valueSerde().deserializer().deserialize(topic, r.value());
                if (f.session().equals(session)) {
                    meters.inputNs(ZapLoopClock.nowNs() - f.acquisitionNs());
                    guarded(() -> loop.onInput(new PolicyInput.ForecastInput(f, ref(r, f.acquisitionNs()))));
                }
            } else if (topic.equals(Topics.RIG_EVENTS.name())) {
                RigEvent e = Topics.RIG_EVENTS.valueSerde().deserializer().deserialize(topic, r.value());
                if (e.session().equals(session)) {
                    guarded(() -> loop.onRigEvent(e));
                }
            }
        } catch (MalformedRecordException e) {
            deadLetter(r, e.getMessage());
        }
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // a bug in a policy must not kill the input thread: the guards keep running on the next tick
            if (errors.incrementAndGet() <= 10) {
                LOG.error("decision failed: {}", e.toString(), e);
            }
        }
    }

    private static InputRef ref(ConsumerRecord<String, byte[]> r, long acquisitionNs) {
        return new InputRef(r.topic(), r.partition(), r.offset(), acquisitionNs);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
        rejected.incrementAndGet();
        meters.deadLetter();
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of(r.topic(), r.partition(), r.offset(), ZapLoopClock.nowNs(), reason, key, r.value());
        dlq.send(new ProducerRecord<>(Topics.DLQ.name(), r.topic(),
                Topics.DLQ.valueSerde().serializer().serialize(Topics.DLQ.name(), d)));
    }

    public long records() {
        return records.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long errors() {
        return errors.get();
    }

    public boolean alive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        if (!started) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
