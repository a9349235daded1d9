package org.zaploop.launcher.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the Kafka cluster is: an external one ({@code --bootstrap}) or the embedded broker on a data dir. */
public final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of the embedded broker.")
    String bootstrap;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded broker (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:zaploop.home:-.}/.zaploop/broker")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Client port of the embedded broker (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "1",
            description = "Replicas per partition when creating topics (default: ${DEFAULT-VALUE}; 3 on a real cluster).")
    short replicationFactor;

    @Option(names = "--min-insync-replicas", paramLabel = "N", defaultValue = "0",
            description = "min.insync.replicas of created topics (default: ${DEFAULT-VALUE} = the broker's own; "
                    + "2 with --replication-factor 3, so that one broker may fail without losing a record).")
    int minInsyncReplicas;

    public String bootstrap() {
        return bootstrap;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }
}
