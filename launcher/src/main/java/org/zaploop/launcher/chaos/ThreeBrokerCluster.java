package org.zaploop.launcher.chaos;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * A Kafka cluster of three brokers and one KRaft controller in this JVM (Kafka's own KRaft test kit: the same
 * server code as a production cluster), with every topic replicated three times and {@code min.insync.replicas=2}
 * (the catalogue's topics, the offsets and transaction logs, and the Streams applications' internal topics through
 * the broker defaults). A broker can be stopped without a controlled shutdown: its partitions lose their leader at
 * once, as when its process dies, and the controller elects new leaders from the in-sync replicas.
 */
final class ThreeBrokerCluster implements AutoCloseable {

    static final int REPLICAS = 3;
    static final int MIN_ISR = 2;

    private final KafkaClusterTestKit kit;

    private ThreeBrokerCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    static ThreeBrokerCluster start(Path dir) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(false).setNumBrokerNodes(REPLICAS)
                .setNumControllerNodes(1).setBaseDirectory(dir).build();
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("default.replication.factor", String.valueOf(REPLICAS))
                .setConfigProp("min.insync.replicas", String.valueOf(MIN_ISR))
                .setConfigProp("offsets.topic.replication.factor", String.valueOf(REPLICAS))
                .setConfigProp("offsets.topic.num.partitions", "6")
                .setConfigProp("transaction.state.log.replication.factor", String.valueOf(REPLICAS))
                .setConfigProp("transaction.state.log.min.isr", String.valueOf(MIN_ISR))
                .setConfigProp("transaction.state.log.num.partitions", "6")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                // a broker that fails hands nothing over: leaders are re-elected when the controller notices
                .setConfigProp("controlled.shutdown.enable", "false")
                .setConfigProp("message.max.bytes", String.valueOf(9 * 1024 * 1024))
                .setConfigProp("replica.fetch.max.bytes", String.valueOf(10 * 1024 * 1024))
                .setConfigProp("num.network.threads", "2")
                .setConfigProp("num.io.threads", "2")
                .build();
        java.io.PrintStream stdout = System.out;
        try {
            // Kafka's storage formatter prints its progress on stdout, which is the command's report (one JSON
            // object with --json): it goes to stderr with the rest of the progress.
            System.setOut(System.err);
            try {
                kit.format();
            } finally {
                System.setOut(stdout);
            }
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            kit.close();
            throw e;
        }
        ThreeBrokerCluster c = new ThreeBrokerCluster(kit);
        try (Admin admin = c.admin()) {
            new TopicProvisioner(admin, (short) REPLICAS, MIN_ISR, 60_000).provision(TopicCatalogue.ALL);
        }
        return c;
    }

    String bootstrap() {
        return kit.bootstrapServers();
    }

    Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(p);
    }

    /** The ids of the running brokers. */
    java.util.Set<Integer> brokers() {
        return Map.copyOf(kit.brokers()).keySet();
    }

    /** Stops broker {@code id} (no controlled shutdown) and waits until it is down. */
    void kill(int id) {
        var broker = kit.brokers().get(id);
        broker.shutdown();
        broker.awaitShutdown();
    }

    @Override
    public void close() throws Exception {
        kit.close();
    }
}
