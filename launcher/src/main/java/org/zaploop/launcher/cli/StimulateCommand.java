package org.zaploop.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.controller.cli.ControlClient;
import org.zaploop.controller.http.ControlFile;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.Stimulus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zaploop stimulate}: an operator's stimulus, asked of the session's stimulus controller over its control
 * endpoint ({@code POST /control/stimulate}), never sent straight to the rig. The controller passes it through its
 * safety envelope (manual stop, rig heartbeat, bounds, rate, refractory time, duty cycle), audits it on
 * {@code zl.audit} whatever the outcome, and if it is allowed sends it on {@code zl.stimulus.commands}; this command
 * then waits for the rig's acknowledgement on {@code zl.rig.events}.
 */
@Command(name = "stimulate", mixinStandardHelpOptions = true,
        description = {"Ask the session's stimulus controller to present a stimulus. It goes through the safety "
                + "envelope and the audit trail, and reaches the rig (or virtual fish) only if the envelope allows it.",
                "The controller is found through its control file (written by 'zaploop demo' / 'zaploop run "
                        + "controller' on this machine), or given by --url and --token.",
                "Example: zaploop stimulate GRATING --param velocity=10 --param gain=1 --session demo-1 --valid 30s"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:issued (and acknowledged by the rig, unless --no-wait)",
                "1:no acknowledgement in time, or the controller or Kafka unreachable", "2:usage error",
                "3:the controller refused the token (401)", "4:the safety envelope refused it (audited)"})
public final class StimulateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "STIMULUS", description = "One of: ${COMPLETION-CANDIDATES}")
    Stimulus stimulus;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A numeric stimulus parameter (repeatable).")
    Map<String, Double> params = new TreeMap<>();

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session whose rig should present it.")
    String session;

    @Option(names = "--valid", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the command stays valid (at most 1h); after that the rig returns to its safe "
                    + "state and the controller's policy resumes (default: ${DEFAULT-VALUE}).")
    Duration valid;

    @Option(names = "--condition", paramLabel = "K", description = "ZAPBench condition index 0..8 this stimulus stands for.")
    Integer condition;

    @Option(names = "--operator", paramLabel = "TEXT", description = "Who asks and why (goes into the audit trail).")
    String operator;

    @Option(names = "--url", paramLabel = "URL",
            description = "The controller's control endpoint (default: from the session's control file).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:ZAPLOOP_CONTROL_TOKEN}",
            description = "Its bearer token (default: $ZAPLOOP_CONTROL_TOKEN, else the session's control file).")
    String token;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers, for the rig's acknowledgement (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--no-wait", description = "Do not wait for the rig's acknowledgement.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for the controller and the acknowledgement (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ControlClient client = client(err);
        if (client == null) {
            return 2;
        }
        long t0 = ZapLoopClock.nowNs();
        try (KafkaConsumer<String, RigEvent> events = noWait ? null : eventsAtEnd()) {
            ControlClient.Answer a;
            try {
                a = client.post("/control/stimulate", request());
            } catch (IOException e) {
                err.printf("Cannot reach the controller at %s: %s%n", client.baseUrl(), e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                err.println("Bad --url: " + e.getMessage());
                return 2;
            }
            JsonNode reply = a.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(a.body());
            switch (a.status()) {
                case 200 -> {
                }
                case 401 -> {
                    err.println("The controller refused the token (401).");
                    return 3;
                }
                case 409 -> {
                    err.printf("Refused by the safety envelope (rule %s): %s. The refusal is in the audit trail "
                            + "(seq %s).%n", reply.path("rule").asText(), reply.path("reason").asText(),
                            reply.path("seq").asText());
                    return 4;
                }
                case 400 -> {
                    err.println("The controller rejected the request: " + reply.path("error").asText(a.body()));
                    return 2;
                }
                default -> {
                    err.println("The controller answered " + a.status() + ": " + a.body().trim());
                    return 1;
                }
            }
            long seq = reply.path("seq").asLong();
            out.printf("Issued %s %s to session %s (seq %d, valid %d s)%s.%n", reply.path("stimulus").asText(),
                    reply.path("params"), session, seq, valid.toSeconds(),
                    reply.path("rule").isTextual() ? "; the envelope clamped " + reply.path("rule").asText() : "");
            out.flush();
            return events == null ? 0 : awaitAck(events, seq, t0, out, err);
        }
    }

    private ControlClient client(PrintWriter err) throws IOException {
        String u = url;
        String t = token;
        if (u == null || t == null || t.isBlank()) {
            ControlFile f = ControlFile.read(ControlFile.defaultDir(), session);
            if (f == null && (u == null || t == null || t.isBlank())) {
                err.printf("No controller of session %s found on this machine (%s): start one ('zaploop demo' or "
                        + "'zaploop run controller') or give --url and --token.%n", session,
                        ControlFile.path(ControlFile.defaultDir(), session));
                return null;
            }
            u = u != null ? u : f.url();
            t = t != null && !t.isBlank() ? t : f.token();
        }
        return new ControlClient(u, t, timeout);
    }

    private String request() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("stimulus", stimulus.name());
        r.put("params", params);
        r.put("validMs", valid.toMillis());
        if (condition != null) {
            r.put("condition", condition);
        }
        r.put("operator", operator == null ? "zaploop stimulate" : operator);
        return Json.write(r);
    }

    private int awaitAck(KafkaConsumer<String, RigEvent> events, long seq, long t0, PrintWriter out, PrintWriter err) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, RigEvent> r : events.poll(Duration.ofMillis(100))) {
                RigEvent e = r.value();
                if (e.session().equals(session) && e.kind() == RigEventKind.COMMAND_ACK && e.commandSeq() != null
                        && e.commandSeq() == seq) {
                    out.printf("The rig acknowledged after %.1f ms: now presenting %s%s.%n",
                            (ZapLoopClock.nowNs() - t0) / 1e6, e.stimulus(), e.note() == null ? "" : " (" + e.note() + ")");
                    return 0;
                }
            }
        }
        err.printf("No acknowledgement from session %s's rig within %d s: is it running?%n", session,
                timeout.toSeconds());
        return 1;
    }

    /** A consumer positioned at the end of the rig-events topic, so it sees only what happens from now on. */
    private KafkaConsumer<String, RigEvent> eventsAtEnd() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, RigEvent> consumer = new KafkaConsumer<>(KafkaClientSettings.secure(c), Topics.RIG_EVENTS.keySerde().deserializer(),
                Topics.RIG_EVENTS.valueSerde().deserializer());
        List<TopicPartition> parts = consumer.partitionsFor(Topics.RIG_EVENTS.name(), timeout).stream()
                .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end offsets now, before the request is sent
        return consumer;
    }
}
