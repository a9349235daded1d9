package org.zaploop.ingest.gateway;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.zaploop.ingest.client.RigClient;
import org.zaploop.ingest.client.RigClientConfig;
import org.zaploop.ingest.client.RigClientStats;
import org.zaploop.ingest.testkit.Records;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.records.Plane;

/**
 * A slow Kafka and a fast rig: the gateway pauses the rig's socket at its in-flight limit, so its own memory
 * stays bounded, TCP flow control backs up into the rig (whose sends wait on a full write queue), and every
 * record still arrives.
 */
class GatewayBackPressureTest {

    private static final long MAX_IN_FLIGHT = 1024 * 1024;
    private static final int RECORDS = 400;


    @RegisterExtension
    static final GatewayUnderTest env = new GatewayUnderTest(c -> {
        SlowPlaneAcks.delayMs = 5;
        return c.withMaxInFlightBytes(MAX_IN_FLIGHT)
                .withProducerOverrides(Map.of(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, SlowPlaneAcks.class.getName()));
    });

    @Test
    void aFastRigIsSlowedDownTheGatewayStaysBoundedAndEveryRecordArrives() {
        String session = "bp-fish";
        int recordBytes;
        RigClientStats clientStats;
        try (RigClient rig = RigClient.connect(RigClientConfig.of("127.0.0.1", env.gateway().port(), null, session)
                .withWriteQueueBytes(256 * 1024))) {
            byte[] first = new PlaneCodec().encode(Records.tile(session, 0, 0, 256, 256));
            recordBytes = first.length;
            for (int i = 0; i < RECORDS; i++) {
                rig.sendPlane(Records.tile(session, i / 72, i % 72, 256, 256));
            }
            clientStats = rig.stats();
        }
        List<ConsumerRecord<String, byte[]>> planes = env.kafka().read(Topics.PLANES.name(), RECORDS,
                r -> r.key().startsWith(session + "/"));
        assertEquals(RECORDS, planes.size(), env.gateway().stats().toString());
        Set<Long> ids = planes.stream().map(r -> new PlaneCodec().decode(r.value()))
                .map((Plane p) -> p.frame() * 72 + p.z()).collect(Collectors.toSet());
        assertEquals(RECORDS, ids.size(), "every record exactly once");

        GatewayStats s = env.gateway().stats();
        assertTrue(clientStats.writeQueueWaits() > 0, "the rig never had to wait: " + clientStats);
        assertTrue(s.pauses() > 0, "the gateway never paused the socket: " + s);
        assertTrue(s.maxInFlightBytesSeen() <= MAX_IN_FLIGHT + recordBytes,
                "in flight reached " + s.maxInFlightBytesSeen() + " bytes, limit " + MAX_IN_FLIGHT + " + one record");
        assertEquals(0, s.rejected());
        assertEquals(0, s.publishFailures());
    }
}
