package org.zaploop.protocol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;

class PlanePartitionerTest {

    private static Cluster cluster(String topic, int partitions) {
        Node n = new Node(0, "localhost", 9092);
        List<PartitionInfo> ps = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            ps.add(new PartitionInfo(topic, i, n, new Node[] {n}, new Node[] {n}));
        }
        return new Cluster("c", List.of(n), ps, java.util.Set.of(), java.util.Set.of());
    }

    @Test
    void aVolumesPlanesDealOutEvenlyAndEachZKeepsItsPartition() {
        PlanePartitioner pp = new PlanePartitioner();
        Cluster c = cluster(Topics.PLANES.name(), 12);
        for (String session : List.of("fish-01", "bench-img", "S2", "a-much-longer-session-name-2026-11-24")) {
            int[] count = new int[12];
            for (int z = 0; z < 72; z++) {
                String key = Keys.planeKey(session, z);
                int p = pp.partition(Topics.PLANES.name(), key, key.getBytes(StandardCharsets.UTF_8), null, null, c);
                assertEquals(PlanePartitioner.forKey(key, 12), p);
                assertEquals(p, pp.partition(Topics.PLANES.name(), key, key.getBytes(StandardCharsets.UTF_8), null,
                        null, c), "the same z, the same partition");
                count[p]++;
            }
            for (int n : count) {
                assertEquals(6, n, session + ": " + java.util.Arrays.toString(count));
            }
        }
        // 24 planes over 12 partitions: two each; 5 planes: five partitions, one each
        int[] two = new int[12];
        for (int z = 0; z < 24; z++) {
            two[PlanePartitioner.of("fish-02", z, 12)]++;
        }
        for (int n : two) {
            assertEquals(2, n);
        }
    }

    @Test
    void otherTopicsAndOtherKeysGoWhereKafkasDefaultPutsThem() {
        PlanePartitioner pp = new PlanePartitioner();
        for (String key : List.of("fish-01/3", "fish-01", "fish-01/x", "fish-01/", "/7")) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            int kafka = BuiltInPartitioner.partitionForKey(bytes, 12);
            assertEquals(kafka, pp.partition(Topics.EPHYS.name(), key, bytes, null, null,
                    cluster(Topics.EPHYS.name(), 12)), key);
            if (!key.equals("fish-01/3")) {
                assertEquals(kafka, PlanePartitioner.forKey(key, 12), "not a plane key: " + key);
            }
        }
        // keyless records go round-robin
        Cluster c = cluster(Topics.PLANES.name(), 4);
        boolean[] seen = new boolean[4];
        for (int i = 0; i < 4; i++) {
            seen[pp.partition(Topics.PLANES.name(), null, null, null, null, c)] = true;
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
    }
}
