package org.zaploop.launcher.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;
import org.zaploop.protocol.topics.TopicState;

/**
 * The same provisioning against the official {@code apache/kafka} image that docker-compose.yml runs.
 * Needs a Docker engine: skipped cleanly where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaImageProvisioningTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Test
    void provisionsTheCatalogueOnTheOfficialImage() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<TopicState> states = new TopicProvisioner(admin, (short) 1, 60_000).provision(TopicCatalogue.ALL);
            assertEquals(TopicCatalogue.ALL.size(), states.size());
            assertTrue(states.stream().allMatch(TopicState::matches), () -> states.toString());
        }
    }
}
