package org.zaploop.ingest.gateway;


import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.zaploop.ingest.client.RigClient;
import org.zaploop.ingest.client.RigClientConfig;
import org.zaploop.ingest.clock.ClockFit;
import org.zaploop.ingest.clock.NanoClock;
import org.zaploop.ingest.testkit.Records;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.EphysBlockCodec;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.codec.RigEventCodec;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/**
 * A rig whose clock runs 3.2 s ahead and 50 ppm fast declares {@code clock=rig}: the gateway's ping exchange
 * measures it, the records it publishes carry ZapLoop times within 1 ms of the truth, and it publishes the fit
 * as a CLOCK_SYNC event.
 */
class GatewayClockTest {

    private static final long OFFSET = 3_200_000_000L;
    private static final double DRIFT = 50e-6;

    static final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    @RegisterExtension
    static final GatewayUnderTest env = new GatewayUnderTest(c -> c, g -> g.bindMeters(meters));

    @Test
    void recordsOfARigOnItsOwnClockAreMappedToZapLoopTime() {
        String session = "clock-fish";
        NanoClock zapLoop = NanoClock.system();
        long start = zapLoop.nowNs();
        NanoClock rigClock = () -> {
            long t = zapLoop.nowNs();
            return t + OFFSET + Math.round(DRIFT * (t - start));
        };
        long[] truth = new long[3];
        try (RigClient rig = RigClient.connect(RigClientConfig.of("127.0.0.1", env.gateway().port(), null, session)
                .withRigClock(rigClock))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ClockFit f = env.gateway().stats().clocks().get(session);
                return f != null && f.samples() >= GatewayConfig.DEFAULT_QUICK_PINGS;
            });
            truth[0] = zapLoop.nowNs();
            rig.sendEphys(Records.ephys(session, 0, truth[0] + OFFSET + Math.round(DRIFT * (truth[0] - start))));
            truth[1] = zapLoop.nowNs();
            rig.sendEvent(RigEvent.of(session, truth[1] + OFFSET + Math.round(DRIFT * (truth[1] - start)),
                    RigEventKind.TTL));
            truth[2] = zapLoop.nowNs();
            Plane p = Records.tile(session, 0, 4);
            rig.sendPlane(new Plane(session, 0, 4, 72, truth[2] + OFFSET + Math.round(DRIFT * (truth[2] - start)),
                    2048, 1328, 0, 0, 64, 32, p.pixels()));
        }
        // The fit's error is at most half the round trip of its samples: 1 ms on an idle loopback, more on a
        // loaded machine, where the gateway reports the larger round trip.
        ClockFit fit = env.gateway().stats().clocks().get(session);
        long bound = Math.max(1_000_000, fit.rttNs() / 2 + 100_000);
        EphysBlock block = new EphysBlockCodec().decode(
                env.kafka().read(Topics.EPHYS.name(), 1, r -> r.key().equals(session)).get(0).value());
        assertEquals(truth[0], block.acquisitionNs(), bound, "ephys time");
        Plane plane = new PlaneCodec().decode(
                env.kafka().read(Topics.PLANES.name(), 1, r -> r.key().equals(session + "/4")).get(0).value());
        assertEquals(truth[2], plane.acquisitionNs(), bound, "plane time");

        List<RigEvent> events = env.kafka().read(Topics.RIG_EVENTS.name(), 2,
                r -> r.key().equals(session)).stream().map(r -> new RigEventCodec().decode(r.value())).toList();
        RigEvent ttl = events.stream().filter(e -> e.kind() == RigEventKind.TTL).findFirst().orElseThrow();
        assertEquals(truth[1], ttl.acquisitionNs(), bound, "event time");
        RigEvent sync = events.stream().filter(e -> e.kind() == RigEventKind.CLOCK_SYNC).findFirst().orElseThrow();
        assertNotNull(sync.params().get("driftPpm"));
        assertEquals(OFFSET, sync.params().get("offsetNs") - DRIFT * (sync.acquisitionNs() - start),
                Math.max(1_000_000, sync.params().get("rttNs") / 2 + 100_000));
        assertTrue(sync.params().get("samples") >= 1);

        // The same figures on /metrics: the rig clock's offset, and what the rig sent.
        double offsetS = meters.get("zaploop.gateway.clock.offset").tag("session", session).gauge().value();
        assertEquals(OFFSET / 1e9, offsetS - DRIFT * (env.gateway().stats().clocks().get(session).refNs() - start) / 1e9,
                bound / 1e9 + 0.001);
        assertEquals(1.0, meters.get("zaploop.gateway.records").tag("kind", "plane").functionCounter().count());
        assertEquals(1.0, meters.get("zaploop.gateway.records").tag("kind", "ephys").functionCounter().count());
        assertTrue(meters.get("zaploop.gateway.published").functionCounter().count() > 0);
    }
}
