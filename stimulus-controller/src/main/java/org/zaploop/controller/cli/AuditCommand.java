package org.zaploop.controller.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.zaploop.controller.JsonText;
import org.zaploop.controller.kafka.KafkaClients;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.kafka.TopicToEnd;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.AuditRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop audit}: a session's controller decisions, read from {@code zl.audit} from the beginning up to its
 * current end, as a table (time, seq, policy, decision, rule, stimulus, reason) or with {@code --json} one JSON
 * object holding the records as they are on the wire.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Print a session's audit trail: every controller decision (issued, refused, safe state) "
                + "with its rule and reason.",
                "Example: zaploop audit --session demo-1 --bootstrap 127.0.0.1:9092"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed (possibly no decisions)", "1:Kafka unreachable or zl.audit missing", "2:usage error"})
public final class AuditCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session whose trail to print.")
    String session;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--json", description = "Print one JSON object: {session, count, malformed, records: [...]}.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "30",
            description = "Seconds to wait for Kafka (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Keys.sessionKey(session);
        } catch (IllegalArgumentException e) {
            err.println("Bad --session: " + e.getMessage());
            return 2;
        }
        List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(bootstrap, "zaploop-audit")) {
            String topic = Topics.AUDIT.name();
            boolean exists = TopicToEnd.read(c, topic, Duration.ofSeconds(timeoutS), r -> {
                if (session.equals(r.key())) {
                    raw.add(r);
                }
            });
            if (!exists) {
                err.println("Topic " + topic + " does not exist at " + bootstrap + ".");
                return 1;
            }
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
            err.println("Cannot read the audit trail from " + bootstrap + ": " + e.getMessage());
            return 1;
        }
        List<AuditRecord> records = new ArrayList<>();
        List<String> jsonRecords = new ArrayList<>();
        int malformed = 0;
        for (ConsumerRecord<String, byte[]> r : raw) {
            try {
                AuditRecord a = Topics.AUDIT.valueSerde().deserializer().deserialize(r.topic(), r.value());
                if (a != null && a.session().equals(session)) {
                    records.add(a);
                    jsonRecords.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            } catch (MalformedRecordException e) {
                malformed++;
            }
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("session", session);
            o.put("count", records.size());
            o.put("malformed", malformed);
            o.put("records", jsonRecords.stream().map(JsonText.RawJson::new).toList());
            out.println(JsonText.of(o));
        } else {
            out.println(table(records));
            out.printf("%d decision(s) for session %s%s%n", records.size(), session,
                    malformed == 0 ? "" : ", " + malformed + " malformed record(s) skipped");
        }
        out.flush();
        return 0;
    }

    /** The table: time (UTC), seq, policy, decision, rule, stimulus, reason. */
    public static String table(List<AuditRecord> records) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-23s  %-16s  %-16s  %-10s  %-14s  %-10s  %s%n";
        sb.append(String.format(fmt, "time (UTC)", "seq", "policy", "decision", "rule", "stimulus", "reason"));
        for (AuditRecord a : records) {
            sb.append(String.format(fmt, TIME.format(Instant.ofEpochSecond(0, a.decidedNs())), a.seq(), a.policy(),
                    a.decision(), a.rule() == null ? "-" : a.rule(),
                    a.command() == null ? "-" : a.command().stimulus(), a.reason()));
        }
        return sb.toString().stripTrailing();
    }
}
