package org.zaploop.launcher.cli;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;
import org.zaploop.protocol.topics.TopicState;

/**
 * The Kafka cluster a command talks to: either one given with {@code --bootstrap}, or the embedded broker,
 * started for the command's lifetime. Closing it stops the embedded broker (an external cluster is left alone).
 */
public final class Cluster implements AutoCloseable {

    private final String bootstrap;
    private final EmbeddedBroker broker;
    private final long brokerStartMs;
    private final Admin admin;

    private Cluster(String bootstrap, EmbeddedBroker broker, long brokerStartMs) {
        this.bootstrap = bootstrap;
        this.broker = broker;
        this.brokerStartMs = brokerStartMs;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "zaploop-launcher-admin");
        this.admin = Admin.create(KafkaClientSettings.secure(p));
    }

    /** Connects to {@code --bootstrap} when given, else starts the embedded broker on the data dir. */
    public static Cluster open(KafkaOptions options) {
        if (options.bootstrap() != null) {
            return new Cluster(options.bootstrap(), null, 0);
        }
        long t0 = System.nanoTime();
        EmbeddedBroker broker = EmbeddedBroker.start(options.dataDir(), options.port());
        return new Cluster(broker.bootstrapServers(), broker, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Like {@link #open}, but without {@code --bootstrap} it first looks for a broker already listening on
     * 127.0.0.1:{@code --port} (a running {@code zaploop broker} or demo) and joins it instead of starting another.
     */
    public static Cluster openOrJoin(KafkaOptions options) {
        if (options.bootstrap() == null && options.port() > 0 && listening(options.port())) {
            return new Cluster("127.0.0.1:" + options.port(), null, 0);
        }
        return open(options);
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Creates the catalogue's missing topics and reports every topic's state. */
    public List<TopicState> provision(short replicationFactor) {
        return provision(replicationFactor, 0);
    }

    /** As {@link #provision(short)}, created topics with {@code min.insync.replicas} (0: the broker's default). */
    public List<TopicState> provision(short replicationFactor, int minInsyncReplicas) {
        return new TopicProvisioner(admin, replicationFactor, minInsyncReplicas, 30_000).provision(TopicCatalogue.ALL);
    }

    public List<TopicState> verify() {
        return new TopicProvisioner(admin, (short) 1, 30_000).verify(TopicCatalogue.ALL);
    }

    public String bootstrap() {
        return bootstrap;
    }

    public Admin admin() {
        return admin;
    }

    public boolean embedded() {
        return broker != null;
    }

    public long brokerStartMs() {
        return brokerStartMs;
    }

    /** Facts about the cluster for a JSON summary. */
    public Map<String, Object> describe() {
        return embedded()
                ? Map.of("bootstrap", bootstrap, "embedded", true, "dataDir", broker.dataDir().toString(),
                        "clusterId", broker.clusterId(), "startMs", brokerStartMs)
                : Map.of("bootstrap", bootstrap, "embedded", false);
    }

    @Override
    public void close() {
        admin.close();
        if (broker != null) {
            broker.close();
        }
    }
}
