package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zaploop.protocol.topics.TopicDrift;
import org.zaploop.protocol.topics.TopicState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zaploop topics}: create the catalogue's missing topics and list every topic with its configs. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"List the catalogue's topics as the cluster holds them: partitions, configs, drift.",
                "Without --bootstrap it uses a broker already running on 127.0.0.1:--port, or else starts the "
                        + "embedded one on --data-dir for the duration of the command.",
                "Missing topics are created (idempotent) unless --verify is given."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every topic exists and matches the catalogue", "1:a topic is missing or drifts (with --verify), "
                + "or the cluster could not be reached", "2:usage error"})
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--verify", description = "Create nothing; exit 1 if any topic is missing or differs from the catalogue.")
    boolean verify;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Cluster cluster = Cluster.openOrJoin(kafka)) {
            List<TopicState> states = verify ? cluster.verify() : cluster.provision(kafka.replicationFactor(), kafka.minInsyncReplicas());
            List<TopicDrift> drift = states.stream().flatMap(s -> s.drift().stream()).toList();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(toJson(cluster, states, drift)));
            } else {
                printTable(out, cluster, states, drift);
            }
            out.flush();
            return verify && !drift.isEmpty() ? 1 : 0;
        }
    }

    private static Map<String, Object> toJson(Cluster cluster, List<TopicState> states, List<TopicDrift> drift) {
        List<Map<String, Object>> topics = new ArrayList<>();
        for (TopicState s : states) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", s.spec().name());
            t.put("partitions", s.partitions());
            t.put("key", s.spec().key());
            t.put("value", s.spec().valueFormat());
            t.put("configs", new java.util.TreeMap<>(s.configs()));
            t.put("created", s.created());
            t.put("matchesCatalogue", s.matches());
            topics.add(t);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cluster", cluster.describe());
        root.put("topics", topics);
        root.put("drift", drift.stream().map(TopicDrift::toString).toList());
        return root;
    }

    private static void printTable(PrintWriter out, Cluster cluster, List<TopicState> states, List<TopicDrift> drift) {
        out.printf("Topics on %s%s%n", cluster.bootstrap(), cluster.embedded() ? " (embedded broker)" : "");
        out.printf("%-22s %5s  %-9s %-14s %-12s %s%n", "topic", "parts", "cleanup", "retention", "max msg", "state");
        for (TopicState s : states) {
            out.printf("%-22s %5d  %-9s %-14s %-12s %s%n", s.spec().name(), s.partitions(),
                    s.configs().getOrDefault("cleanup.policy", "-"),
                    retention(s.configs().get("retention.ms")),
                    bytes(s.configs().get("max.message.bytes")),
                    s.created() ? "created" : s.matches() ? "ok" : "DRIFT");
        }
        drift.forEach(d -> out.println("  drift: " + d));
    }

    private static String retention(String ms) {
        if (ms == null) {
            return "-";
        }
        long v = Long.parseLong(ms);
        if (v < 0) {
            return "forever";
        }
        return v % 86_400_000 == 0 ? v / 86_400_000 + " d" : v % 3_600_000 == 0 ? v / 3_600_000 + " h" : v / 60_000 + " min";
    }

    private static String bytes(String b) {
        return b == null ? "default" : (Long.parseLong(b) / (1024 * 1024)) + " MiB";
    }
}
