package org.zaploop.launcher.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.zaploop.ingest.bench.BenchIngestCommand;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * A throw-away embedded broker for a benchmark run: fresh data dir in the temp directory, the catalogue's topics,
 * deleted when closed, so benchmarks never touch the demo's broker data.
 */
public final class BenchBroker implements BenchIngestCommand.Broker {

    private final EmbeddedBroker broker;
    private final Path dir;

    private BenchBroker(EmbeddedBroker broker, Path dir) {
        this.broker = broker;
        this.dir = dir;
    }

    public static BenchBroker start() {
        try {
            Path dir = Files.createTempDirectory("zaploop-bench-broker");
            EmbeddedBroker broker = EmbeddedBroker.start(dir, 0);
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            return new BenchBroker(broker, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary broker directory: " + e.getMessage(), e);
        }
    }

    @Override
    public String bootstrap() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        broker.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
