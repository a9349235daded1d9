package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zaploop stimulate}: an operator's stimulus command, sent to the session's rig on
 * {@code zl.stimulus.commands}, waiting for the rig's acknowledgement on {@code zl.rig.events}.
 *
 * <p>Sequence numbers come from the clock (µs since the epoch), so manual commands order correctly among
 * themselves and against any other sender that does the same.
 */
@Command(name = "stimulate", mixinStandardHelpOptions = true,
        description = {"Send a stimulus command to a session's rig (or virtual fish) and wait for its acknowledgement.",
                "Example: zaploop stimulate GRATING --param velocity=10 --param gain=1 --session demo-1 --valid 30s"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:sent (and acknowledged, unless --no-wait)", "1:not acknowledged in time, or Kafka unreachable",
                "2:usage error"})
public final class StimulateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STIMULUS", description = "One of: ${COMPLETION-CANDIDATES}")
    Stimulus stimulus;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A numeric stimulus parameter (repeatable).")
    Map<String, Double> params = new TreeMap<>();

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session whose rig should present it.")
    String session;

    @Option(names = "--valid", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the command stays valid; after that the rig returns to its safe state (default: ${DEFAULT-VALUE}).")
    Duration valid;

    @Option(names = "--condition", paramLabel = "K", description = "ZAPBench condition index 0..8 this stimulus stands for.")
    Integer condition;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--no-wait", description = "Do not wait for the rig's acknowledgement.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for the acknowledgement (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long now = ZapLoopClock.nowNs();
        long seq = now / 1_000;
        StimulusCommand cmd = new StimulusCommand(session, seq, now, now, now, now + valid.toNanos(), stimulus, params,
                "manual", condition);
        try (KafkaConsumer<String, RigEvent> events = noWait ? null : eventsAtEnd()) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
            try (KafkaProducer<String, StimulusCommand> producer = new KafkaProducer<>(p,
                    Topics.STIMULUS_COMMANDS.keySerde().serializer(), Topics.STIMULUS_COMMANDS.valueSerde().serializer())) {
                producer.send(new ProducerRecord<>(Topics.STIMULUS_COMMANDS.name(), Keys.sessionKey(session), cmd))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            out.printf("Sent %s %s to session %s (seq %d, valid %d s).%n", stimulus, params, session, seq, valid.toSeconds());
            out.flush();
            if (events == null) {
                return 0;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, RigEvent> r : events.poll(Duration.ofMillis(100))) {
                    RigEvent e = r.value();
                    if (e.session().equals(session) && e.kind() == RigEventKind.COMMAND_ACK && e.commandSeq() == seq) {
                        out.printf("The rig acknowledged after %.1f ms: now presenting %s%s.%n",
                                (ZapLoopClock.nowNs() - now) / 1e6, e.stimulus(),
                                e.note() == null ? "" : " (" + e.note() + ")");
                        return 0;
                    }
                }
            }
            spec.commandLine().getErr().printf("No acknowledgement from session %s's rig within %d s: is it running?%n",
                    session, timeout.toSeconds());
            return 1;
        }
    }

    /** A consumer positioned at the end of the rig-events topic, so it sees only what happens from now on. */
    private KafkaConsumer<String, RigEvent> eventsAtEnd() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, RigEvent> consumer = new KafkaConsumer<>(c, Topics.RIG_EVENTS.keySerde().deserializer(),
                Topics.RIG_EVENTS.valueSerde().deserializer());
        List<TopicPartition> parts = consumer.partitionsFor(Topics.RIG_EVENTS.name(), timeout).stream()
                .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end offsets now, before the command is sent
        return consumer;
    }
}
