package org.zaploop.launcher.chaos;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.zaploop.ingest.clock.ClockFit;
import org.zaploop.ingest.clock.NanoClock;
import org.zaploop.ingest.client.RigClient;
import org.zaploop.ingest.client.RigClientConfig;
import org.zaploop.ingest.gateway.Gateway;
import org.zaploop.ingest.gateway.GatewayConfig;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.EphysBlock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.SampleType;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * Fault 3, a rig that disconnects and reconnects: a rig on its own clock ({@code clock=rig}) streams ephys blocks
 * and TTL events to the ingest gateway over its WebSocket wire protocol (the reference {@link RigClient}),
 * drops the connection mid-session, and comes back on the same session with its clock stepped (as a rig PC's
 * clock does when it resynchronises while disconnected). Verdicts, from {@code zl.ephys.blocks} and
 * {@code zl.rig.events}:
 * <ul>
 *   <li>everything sent before the disconnection is in Kafka, once (the sample index has no gap and no
 *       duplicate), and so is everything after: the session continues where it stopped;</li>
 *   <li>the clock offset is measured again on the new connection: a second CLOCK_SYNC event with the new offset,
 *       the gateway's {@code zaploop.gateway.clock.offset} gauge showing it, and the records after the
 *       reconnection mapped to ZapLoop time with it.</li>
 * </ul>
 */
public final class RigReconnectScenario {

    private static final double RATE_HZ = 6000;
    private static final int SAMPLES = 60; // 10 ms blocks, the virtual fish's
    private static final int CHANNELS = 2;

    /**
     * @param dataDir        the embedded broker's directory
     * @param blocks         ephys blocks per connection
     * @param reconnections  how many times the rig drops and comes back
     * @param clockStepNs    how far the rig's clock moves at each reconnection
     */
    public record Options(Path dataDir, int blocks, int reconnections, long clockStepNs) {

        public Options {
            if (blocks < 1 || reconnections < 1) {
                throw new IllegalArgumentException("blocks and reconnections must be at least 1");
            }
        }
    }

    private final Options o;
    private final Consumer<String> progress;

    public RigReconnectScenario(Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
    }

    public ChaosReport run() throws Exception {
        String session = "chaos-rig-reconnect";
        MeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedBroker broker = EmbeddedBroker.start(o.dataDir().resolve("broker"), 0)) {
            String bootstrap = broker.bootstrapServers();
            Properties ap = new Properties();
            ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(ap)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            Gateway gateway = Gateway.start(GatewayConfig.loopback(bootstrap)).bindMeters(meters);
            try {
                NanoClock zapLoop = NanoClock.system();
                long baseOffsetNs = 3_200_000_000L;
                List<Long> offsets = new ArrayList<>();
                List<Double> gauges = new ArrayList<>();
                List<Long> errorsNs = new ArrayList<>();
                Map<Long, Long> truth = new java.util.HashMap<>(); // first sample → ZapLoop time it was stamped
                long sample = 0;
                for (int c = 0; c <= o.reconnections(); c++) {
                    long offset = baseOffsetNs + c * o.clockStepNs();
                    offsets.add(offset);
                    NanoClock rigClock = () -> zapLoop.nowNs() + offset;
                    try (RigClient rig = RigClient.connect(RigClientConfig.of("127.0.0.1", gateway.port(), null,
                            session).withRigClock(rigClock))) {
                        boolean synced = ChaosClock.until(() -> {
                            ClockFit f = gateway.stats().clocks().get(session);
                            return f != null && f.samples() >= GatewayConfig.DEFAULT_QUICK_PINGS
                                    && Math.abs(f.offsetNs() - offset) < 50_000_000L;
                        }, Duration.ofSeconds(30));
                        gauges.add(meters.get("zaploop.gateway.clock.offset").tag("session", session).gauge().value());
                        if (!synced) {
                            progress.accept("connection " + (c + 1) + ": the gateway did not measure the clock");
                        }
                        for (int b = 0; b < o.blocks(); b++) {
                            long rigNs = rigClock.nowNs();
                            truth.put(sample, rigNs - offset);
                            rig.sendEphys(block(session, sample, rigNs));
                            sample += SAMPLES;
                        }
                        rig.sendEvent(new RigEvent(session, rigClock.nowNs(), RigEventKind.TTL, null, null, null,
                                Map.of("connection", (double) c), null, "connection " + (c + 1)));
                        errorsNs.add((long) rig.errors().size());
                    }
                    progress.accept("Rig connection " + (c + 1) + " closed after " + o.blocks() + " blocks (rig clock "
                            + offset / 1e9 + " s ahead)");
                }
                long expectedSamples = sample;
                List<EphysBlock> ephys = new ArrayList<>();
                List<RigEvent> events = new ArrayList<>();
                ChaosClock.until(() -> {
                    ephys.clear();
                    events.clear();
                    TopicSnapshot.read(bootstrap, Topics.EPHYS, Duration.ofSeconds(30)).stream()
                            .map(ConsumerRecord::value).filter(e -> e.session().equals(session)).forEach(ephys::add);
                    TopicSnapshot.read(bootstrap, Topics.RIG_EVENTS, Duration.ofSeconds(30)).stream()
                            .map(ConsumerRecord::value).filter(e -> e.session().equals(session)).forEach(events::add);
                    return ephys.size() >= (long) o.blocks() * (o.reconnections() + 1);
                }, Duration.ofSeconds(30));
                return judge(ephys, events, expectedSamples, offsets, gauges, errorsNs, truth);
            } finally {
                gateway.close();
            }
        }
    }

    private ChaosReport judge(List<EphysBlock> ephys, List<RigEvent> events, long expectedSamples,
                              List<Long> offsets, List<Double> gauges, List<Long> errors,
                              Map<Long, Long> truth) {
        int connections = o.reconnections() + 1;
        List<EphysBlock> sorted = new ArrayList<>(ephys);
        sorted.sort(java.util.Comparator.comparingLong(EphysBlock::firstSample));
        long gaps = 0;
        long dups = 0;
        long next = 0;
        for (EphysBlock b : sorted) {
            if (b.firstSample() > next) {
                gaps++;
            } else if (b.firstSample() < next) {
                dups++;
            }
            next = Math.max(next, b.firstSample() + b.samples());
        }
        List<ChaosVerdict> v = new ArrayList<>();
        v.add(ChaosVerdict.of("everything sent is in Kafka, once", ephys.size() == (long) o.blocks() * connections
                        && next == expectedSamples && gaps == 0 && dups == 0,
                "%d of %d ephys blocks, %d of %d samples, %d gaps, %d duplicates", ephys.size(),
                (long) o.blocks() * connections, next, expectedSamples, gaps, dups));
        long ttls = events.stream().filter(e -> e.kind() == RigEventKind.TTL).count();
        v.add(ChaosVerdict.of("the session continues", ttls == connections
                        && errors.stream().allMatch(n -> n == 0),
                "%d of %d TTL events of the session, one per connection; gateway error frames per connection %s",
                ttls, connections, errors));
        List<RigEvent> syncs = events.stream().filter(e -> e.kind() == RigEventKind.CLOCK_SYNC).toList();
        List<Long> measured = new ArrayList<>();
        boolean each = true;
        for (long offset : offsets) {
            // the first CLOCK_SYNC of a connection whose offset is this connection's (within 50 ms)
            Long m = syncs.stream().map(e -> e.params().get("offsetNs").longValue())
                    .filter(x -> Math.abs(x - offset) < 50_000_000L).findFirst().orElse(null);
            each &= m != null;
            measured.add(m);
        }
        v.add(ChaosVerdict.of("clock offset re-measured", each && syncs.size() >= connections,
                "%d CLOCK_SYNC events; offsets set %s ms, measured %s ms", syncs.size(), ms(offsets), ms(measured)));
        boolean gaugesFollow = true;
        for (int i = 0; i < offsets.size(); i++) {
            gaugesFollow &= Math.abs(gauges.get(i) - offsets.get(i) / 1e9) < 0.05;
        }
        v.add(ChaosVerdict.of("gateway clock gauge follows", gaugesFollow,
                "zaploop.gateway.clock.offset per connection %s s", gauges));
        // Each block was stamped on the rig's clock; the gateway maps it with the connection's own fit.
        long worstNs = 0;
        for (EphysBlock b : sorted) {
            Long t = truth.get(b.firstSample());
            worstNs = Math.max(worstNs, t == null ? Long.MAX_VALUE : Math.abs(b.acquisitionNs() - t));
        }
        v.add(ChaosVerdict.of("records mapped to ZapLoop time", worstNs < 20_000_000L,
                "largest error of a block's mapped time %.2f ms (the rig clock stepped %.0f ms per reconnection)",
                worstNs / 1e6, o.clockStepNs() / 1e6));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("connections", connections);
        figures.put("blocksPerConnection", o.blocks());
        return new ChaosReport("rig-reconnect", v, figures);
    }

    private static List<Long> ms(List<Long> ns) {
        return ns.stream().map(x -> x == null ? null : Math.round(x / 1e6)).toList();
    }

    private static EphysBlock block(String session, long firstSample, long rigNowNs) {
        float[] data = new float[CHANNELS * SAMPLES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin((firstSample * CHANNELS + i) * 0.01);
        }
        return new EphysBlock(session, firstSample, RATE_HZ, rigNowNs, CHANNELS, SAMPLES, SampleType.FLOAT32, 1f, data);
    }
}
