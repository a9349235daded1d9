package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.zaploop.launcher.deadletters.DeadLetterReport;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.kafka.TopicToEnd;
import org.zaploop.protocol.records.DeadLetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop dead-letters}: what the pipeline refused. Reads {@code zl.dlq} from the beginning to its current
 * end and prints each dead letter (when, from which topic and offset, its key and size, and why), then how many of
 * each kind; {@code --json} prints one object with both.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"Print the dead letters of zl.dlq: every record a component refused, where it came from and "
                + "why, and how many of each kind.",
                "Example: zaploop dead-letters --session demo-1 --summary"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed (possibly none)", "1:Kafka unreachable or zl.dlq missing", "2:usage error"})
public final class DeadLettersCommand implements Callable<Integer> {

    @Option(names = "--session", paramLabel = "ID", description = "Only dead letters whose record belonged to this session.")
    String session;

    @Option(names = "--source", paramLabel = "TOPIC", description = "Only dead letters refused from this topic, e.g. zl.imaging.planes.")
    String source;

    @Option(names = "--summary", description = "Print only the counts by source topic and kind of reason.")
    boolean summaryOnly;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--json", description = "Print one JSON object: {count, malformed, summary, deadLetters: [...]}.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Seconds to wait for Kafka (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (session != null) {
            try {
                Keys.sessionKey(session);
            } catch (IllegalArgumentException e) {
                err.println("Bad --session: " + e.getMessage());
                return 2;
            }
        }
        if (timeoutS < 1) {
            err.println("--timeout must be at least 1 s, got " + timeoutS);
            return 2;
        }
        DeadLetterReport report = new DeadLetterReport();
        String topic = Topics.DLQ.name();
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            boolean exists = TopicToEnd.read(c, topic, Duration.ofSeconds(timeoutS), r -> {
                try {
                    DeadLetter d = Topics.DLQ.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    if (d == null) {
                        throw new MalformedRecordException("null value");
                    }
                    report.add(d, session, source);
                } catch (MalformedRecordException e) {
                    report.addMalformed();
                }
            });
            if (!exists) {
                err.println("Topic " + topic + " does not exist at " + bootstrap + ".");
                return 1;
            }
        } catch (KafkaException | IllegalStateException e) {
            err.println("Cannot read the dead letters from " + bootstrap + ": " + e.getMessage());
            return 1;
        }
        print(out, report);
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, DeadLetterReport report) {
        int n = report.rows().size();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("session", session);
            o.put("source", source);
            o.put("count", n);
            o.put("malformed", report.malformed());
            o.put("summary", report.summary());
            if (!summaryOnly) {
                o.put("deadLetters", report.rows().stream().map(DeadLettersCommand::jsonRow).toList());
            }
            out.println(Json.write(o));
            return;
        }
        if (!summaryOnly && n > 0) {
            out.println(report.table());
            out.println();
        }
        if (n > 0) {
            out.println(report.summaryText());
        }
        out.printf("%d dead letter(s)%s%s%s%n", n, session == null ? "" : " of session " + session,
                source == null ? "" : " from " + source,
                report.malformed() == 0 ? "" : "; " + report.malformed()
                        + " record(s) on the topic are not dead letters (written by something else)");
    }

    private static Map<String, Object> jsonRow(DeadLetterReport.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        DeadLetter d = r.letter();
        m.put("receivedNs", d.receivedNs());
        m.put("sourceTopic", d.sourceTopic());
        m.put("partition", d.partition());
        m.put("offset", d.offset());
        m.put("key", r.key());
        m.put("session", r.session());
        m.put("valueBytes", r.valueBytes());
        m.put("reason", d.reason());
        m.put("kind", r.kind());
        return m;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "zaploop-dead-letters");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a dead letter holds the refused record (up to a plane and its envelope): let the fetch carry it
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        return new KafkaConsumer<>(KafkaClientSettings.secure(p), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
