package org.zaploop.controller.e2e;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/** A real single-node KRaft broker in this JVM with the ZapLoop topics. */
final class TestKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private TestKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static TestKafka start(Path dir) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(dir).build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1, 60_000).provision(TopicCatalogue.ALL);
        }
        return new TestKafka(cluster);
    }

    String bootstrap() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
