package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.zaploop.protocol.topics.TopicState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zaploop broker}: just the embedded Kafka broker with the catalogue's topics, for multi-process setups. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run only the embedded Kafka broker (KRaft, one node) with the catalogue's topics, so that "
                + "components started with 'zaploop run NAME --bootstrap 127.0.0.1:PORT' can share it.",
                "Stop with Ctrl-C (or --duration); the data stays in --data-dir for the next start."})
public final class BrokerCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop after this long. Default: run until Ctrl-C.")
    Duration duration;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrap() != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "'broker' starts its own broker; --bootstrap makes no sense here");
        }
        PrintWriter out = spec.commandLine().getOut();
        Lifetime lifetime = new Lifetime();
        try (Cluster cluster = Cluster.open(kafka)) {
            List<TopicState> topics = cluster.provision(kafka.replicationFactor(), kafka.minInsyncReplicas());
            out.printf("Kafka broker ready at %s (data in %s), %d topics. Ctrl-C stops it.%n", cluster.bootstrap(),
                    kafka.dataDir(), topics.size());
            out.flush();
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (!lifetime.awaitStop(Duration.ofMillis(500))) {
                if (System.nanoTime() >= end) {
                    break;
                }
            }
            out.println("Stopping the broker.");
            out.flush();
        } finally {
            lifetime.closed();
        }
        return 0;
    }
}
