package org.zaploop.ingest.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.vertx.core.Vertx;

import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.ingest.client.RigClient;
import org.zaploop.ingest.client.RigClientConfig;
import org.zaploop.ingest.clock.NanoClock;
import org.zaploop.ingest.gateway.Gateway;
import org.zaploop.ingest.gateway.GatewayConfig;
import org.zaploop.ingest.gateway.GatewayStats;
import org.zaploop.protocol.codec.PlaneCodec;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * The ingest benchmark: a gateway and N rig clients in this JVM, against the given Kafka. The clients push
 * planes of one session as fast as back-pressure lets them (z dealt round-robin over the sockets); the gateway
 * validates each and publishes it to {@code zl.imaging.planes}. Measures what Kafka acknowledged over the window
 * after a warm-up, against the rate a ZAPBench rig produces in real time.
 */
public final class IngestBench {

    static final String SESSION = "bench";

    private IngestBench() {
    }

    public static BenchResult run(BenchConfig config) throws Exception {
        try (Admin admin = Admin.create(KafkaClientSettings.secure(new java.util.HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))))) {
            new TopicProvisioner(admin, (short) 1, 60_000).provision(TopicCatalogue.ALL);
        }
        String token = UUID.randomUUID().toString();
        GatewayConfig gc = GatewayConfig.loopback(config.bootstrap()).withToken(token)
                .withMaxInFlightBytes(config.maxInFlightBytes()).withAcceptUnmaskedFrames(config.unmasked())
                .withProducerOverrides(config.producerOverrides()).withPlaneProducers(config.planeProducers());
        byte[] template = template(config);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        Vertx clientVertx = Vertx.vertx();
        List<RigClient> clients = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        try (Gateway gateway = Gateway.start(gc)) {
            for (int i = 0; i < config.connections(); i++) {
                clients.add(RigClient.connect(clientVertx, RigClientConfig.of("127.0.0.1", gateway.port(), token,
                        SESSION).withMaskFrames(!config.unmasked())));
            }
            NanoClock clock = NanoClock.system();
            for (int i = 0; i < config.connections(); i++) {
                RigClient rig = clients.get(i);
                int first = i;
                Thread t = new Thread(() -> push(rig, template, config, first, clock, stop, failures),
                        "bench-rig-" + i);
                t.setDaemon(true);
                senders.add(t);
                t.start();
            }
            Thread.sleep(config.warmupSeconds() * 1000L);
            GatewayStats before = gateway.stats();
            gateway.resetLatencies();
            long t0 = System.nanoTime();
            Thread.sleep(config.seconds() * 1000L);
            GatewayStats after = gateway.stats();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            long waits = 0;
            for (RigClient c : clients) {
                waits += c.stats().writeQueueWaits();
                c.close(); // fails a send still waiting for room, so the senders end
            }
            for (Thread t : senders) {
                t.join(30_000);
            }
            double mbps = (after.bytesPublished() - before.bytesPublished()) / elapsed / 1e6;
            double realTime = config.realTimeBytesPerSecond() / 1e6;
            return new BenchResult(config.scale(), config.connections(), config.warmupSeconds(), config.seconds(),
                    after.planes() - before.planes(), mbps, realTime, mbps / realTime,
                    after.publishLatency().p50Ns() / 1e6, after.publishLatency().p99Ns() / 1e6,
                    after.pauses() - before.pauses(), after.pausedSeconds() - before.pausedSeconds(),
                    after.maxInFlightBytesSeen() / 1e6, waits, after.rejected(),
                    after.publishFailures() + failures.get(), after.binaryCopies());
        } finally {
            stop.set(true);
            for (RigClient c : clients) {
                c.close();
            }
            clientVertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** One encoded full plane of the scale with textured pixels; copies get their frame, z and time patched. */
    static byte[] template(BenchConfig config) {
        int w = config.width();
        int h = config.height();
        short[] px = new short[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (short) (100 + ((x * 31 + y * 17) ^ (x * y)) % 3000);
            }
        }
        return new PlaneCodec().encode(Plane.whole(SESSION, 0, 0, config.planesPerVolume(), 0, w, h, px));
    }

    private static void push(RigClient rig, byte[] template, BenchConfig config, int first, NanoClock clock,
                             AtomicBoolean stop, AtomicLong failures) {
        int depth = config.planesPerVolume();
        int step = config.connections();
        int s = 10 + SESSION.length(); // WIRE-FORMAT.md 2.2: frame at S, acquisitionNs at S+8, z at S+16
        long index = first;
        try {
            while (!stop.get()) {
                byte[] plane = template.clone();
                ByteBuffer b = ByteBuffer.wrap(plane).order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(s, index / depth);
                b.putLong(s + 8, clock.nowNs());
                b.putInt(s + 16, (int) (index % depth));
                rig.sendRecord(plane);
                index += step;
            }
        } catch (RuntimeException e) {
            if (!stop.get()) {
                failures.incrementAndGet();
            }
        }
    }
}
