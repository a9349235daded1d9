package org.zaploop.ingest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.zaploop.ingest.client.RigClient;
import org.zaploop.ingest.client.RigClientConfig;
import org.zaploop.ingest.testkit.Records;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.kafka.PlanePartitioner;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * Planes spread over several producers (broker connections): each still lands on its plane partition
 * ({@link PlanePartitioner}: a volume's 72 planes six to each of the 12 partitions), each partition keeps the rig's
 * order, and every producer carries some of them.
 */
class GatewayPlaneProducersTest {

    private static final int PRODUCERS = 3;
    private static final int VOLUMES = 3;


    @RegisterExtension
    static final GatewayUnderTest env = new GatewayUnderTest(c -> c.withPlaneProducers(PRODUCERS));

    @Test
    void planesKeepTheirPartitionAndOrderAcrossProducers() throws Exception {
        String session = "spread-fish";
        int planes = VOLUMES * 72;
        try (RigClient rig = RigClient.connect(RigClientConfig.of("127.0.0.1", env.gateway().port(), null, session))) {
            for (int i = 0; i < planes; i++) {
                rig.sendPlane(Records.tile(session, i / 72, i % 72, 64, 64));
            }
        }
        List<ConsumerRecord<String, byte[]>> read = env.kafka().read(Topics.PLANES.name(), planes,
                r -> r.key().startsWith(session + "/"));
        assertEquals(planes, read.size(), env.gateway().stats().toString());
        int partitions = TopicCatalogue.PLANES.partitions();
        Map<Integer, Long> lastFrameByZ = new HashMap<>();
        Map<Integer, Integer> perPartition = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : read) {
            assertEquals(PlanePartitioner.forKey(r.key(), partitions), r.partition(), "partition of " + r.key());
            perPartition.merge(r.partition(), 1, Integer::sum);
            Plane p = new PlaneCodec().decode(r.value());
            Long before = lastFrameByZ.put(p.z(), p.frame());
            // one z = one key = one partition, read in partition order: its frames must come in the rig's order
            assertTrue(before == null || before < p.frame(), "plane z=" + p.z() + " frame " + p.frame()
                    + " after frame " + before);
        }
        assertEquals(partitions, perPartition.size(), perPartition.toString());
        perPartition.values().forEach(n -> assertEquals(planes / partitions, n, "planes per partition " + perPartition));
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        for (int i = 0; i < PRODUCERS; i++) {
            ObjectName name = new ObjectName("kafka.producer:type=producer-metrics,client-id=zaploop-gateway-planes-" + i);
            double sent = ((Number) mbeans.getAttribute(name, "record-send-total")).doubleValue();
            assertTrue(sent > 0, "producer " + i + " sent no plane");
        }
    }
}
