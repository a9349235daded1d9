package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.zaploop.protocol.kafka.PlanePartitioner;
import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.processors.imaging.topology.ImagingConfig;
import org.zaploop.processors.imaging.topology.ImagingRunner;
import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.load.scenario.FishVolumes;
import org.zaploop.sim.fish.FishGeometry;

/**
 * {@code zaploop bench imaging}: throughput and latency of the imaging topology (registration, extraction, causal
 * ΔF/F, exactly-once) on volumes of the virtual fish. A few volumes are rendered up front (rendering is not what is
 * measured) and streamed at the microscope's pace, stamped with the wall clock when sent, through a throw-away
 * embedded broker into one or two imaging instances; a reader of {@code zl.traces} measures each frame's
 * acquisition → trace latency (newest plane stamp to the frame's last block) and the frames per second. The table
 * comes from the fish's nuclei (a disc of the nucleus radius in the nearest plane). Exit codes: 0 ok, 1 failure,
 * 2 usage.
 */
@Command(name = "imaging", mixinStandardHelpOptions = true,
        description = "Throughput and acquisition→trace latency of registration, extraction and ΔF/F through Kafka.")
public final class BenchImagingCommand implements Callable<Integer> {

    private static final String SESSION = "bench-img";

    @Option(names = "--scale", defaultValue = "full", description = "small or full (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--seconds", defaultValue = "120", description = "Seconds of acquisition streamed (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--instances", defaultValue = "1", description = "Imaging instances, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (seconds < 5 || instances < 1 || instances > 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be ≥ 5 and --instances 1 or 2");
        }
        FishGeometry g = FishGeometry.named(scale);
        int rendered = scale.equals("full") ? 1 : 4;
        err.printf("rendering %d volume(s) of the %s fish…%n", rendered, scale);
        err.flush();
        FishVolumes rendering = FishVolumes.render(g, rendered, SESSION);
        short[][][] volumes = rendering.volumes();
        List<NeuronTableBlock> table = rendering.table();
        long voxels = rendering.footprintVoxels();
        Path tmp = Files.createTempDirectory("zaploop-bench-img");
        Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        try (BenchBroker broker = BenchBroker.start()) {
            List<ImagingRunner> runners = new ArrayList<>();
            try {
                for (int k = 0; k < instances; k++) {
                    ImagingRunner runner = new ImagingRunner(RunnerConfig.exactlyOnce("bench-imaging")
                            .withStateDir(tmp.resolve("state-" + k)), ImagingConfig.defaults());
                    runner.start(broker.bootstrap());
                    runners.add(runner);
                }
                try (SegmentationPublisher pub = new SegmentationPublisher(broker.bootstrap())) {
                    pub.publish(table);
                }
                // the clock starts once an instance has the table in use (start-up and rebalancing are not measured)
                long ready = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (runners.stream().mapToLong(x -> x.counters().tables.get()).sum() == 0
                        && System.nanoTime() < ready) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                }
                err.printf("streaming %d s of acquisition (%d neurons, %d footprint voxels) through %d instance(s)…%n",
                        seconds, g.neurons(), voxels, instances);
                err.flush();
                int frames = (int) Math.ceil(seconds / g.volumePeriodS());
                int blocks = (g.neurons() + SegmentationPublisher.BLOCK_NEURONS - 1) / SegmentationPublisher.BLOCK_NEURONS;
                AtomicBoolean sending = new AtomicBoolean(true);
                long[] sent = new long[1];
                Thread producer = new Thread(() -> sent[0] = send(broker.bootstrap(), g, volumes, frames, sending),
                        "bench-imaging-producer");
                long t0 = System.nanoTime();
                producer.start();
                Map<String, Object> r = read(broker.bootstrap(), frames, blocks, latency,
                        Duration.ofSeconds(seconds * 4L + 120));
                double wallS = (System.nanoTime() - t0) / 1e9;
                sending.set(false);
                producer.join();
                long done = (long) r.get("frames");
                double firstToLastS = (double) r.get("spanSeconds");
                double vps = done > 1 ? (done - 1) / firstToLastS : 0;
                double volumeMb = g.pixelsPerPlane() * 2.0 * g.depth() / 1e6;
                int cores = Runtime.getRuntime().availableProcessors();
                Map<String, Object> res = new LinkedHashMap<>();
                res.put("scale", scale);
                res.put("instances", instances);
                res.put("neurons", g.neurons());
                res.put("volumesSent", sent[0]);
                res.put("volumesTraced", done);
                res.put("partialFrames", r.get("partial"));
                // planes the gathering task had to read back from the broker (not decoded by its own instance)
                res.put("planesReadBack", runners.stream().mapToLong(x -> x.counters().planesReadBack.get()).sum());
                res.put("volumesPerSecond", BenchReport.round(vps));
                res.put("realTimeFactor", BenchReport.round(vps * g.volumePeriodS()));
                res.put("mbPerSecondPerCore", BenchReport.round(vps * volumeMb / cores));
                res.put("latencyP50Ms", BenchReport.round(latency.getValueAtPercentile(50) / 1e6));
                res.put("latencyP99Ms", BenchReport.round(latency.getValueAtPercentile(99) / 1e6));
                res.put("volumePeriodMs", BenchReport.round(g.volumePeriodS() * 1e3));
                res.put("wallSeconds", BenchReport.round(wallS));
                res.put("cores", cores);
                BenchReport.print(out, res, json, "Imaging through Kafka (registration, extraction, causal ΔF/F, exactly-once)",
                        "Target: one volume per 0.9141 s (realTimeFactor ≥ 1) with latency p99 under one period.");
            } finally {
                for (ImagingRunner runner : runners) {
                    runner.close();
                }
            }
        } finally {
            BenchReport.deleteTree(tmp);
        }
        return 0;
    }

    /** Planes at the microscope's pace (or as fast as the broker takes them), stamped when sent; returns volumes. */
    private static long send(String bootstrap, FishGeometry g, short[][][] volumes, int frames, AtomicBoolean on) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(256L << 20));
        PlanePartitioner.configure(p);
        long planeNs = Math.round(g.planePeriodS() * 1e9);
        long start = System.nanoTime();
        long volumesSent = 0;
        try (KafkaProducer<String, Plane> producer = new KafkaProducer<>(KafkaClientSettings.secure(p), Topics.PLANES.keySerde().serializer(),
                Topics.PLANES.valueSerde().serializer())) {
            for (int f = 0; f < frames && on.get(); f++) {
                for (int z = 0; z < g.depth(); z++) {
                    long due = start + (f * (long) g.depth() + z) * planeNs;
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(due - System.nanoTime(), 1_000_000));
                    }
                    long ns = System.currentTimeMillis() * 1_000_000L;
                    producer.send(new ProducerRecord<>(Topics.PLANES.name(), Keys.planeKey(SESSION, z),
                            new Plane(SESSION, f, z, g.depth(), ns, g.width(), g.height(), 0, 0, g.width(),
                                    g.height(), volumes[f % volumes.length][z])));
                }
                volumesSent++;
            }
            producer.flush();
        }
        return volumesSent;
    }

    /** Reads zl.traces until every frame's blocks are in (or the timeout): latency per frame, span, partials. */
    private static Map<String, Object> read(String bootstrap, int frames, int blocks, Histogram latency,
                                            Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-imaging-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<Long, Integer> seen = new HashMap<>();
        long done = 0;
        long partial = 0;
        long firstDoneNs = 0;
        long lastDoneNs = 0;
        long end = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaClientSettings.secure(p), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.TRACES.name()));
            while (done < frames && System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TraceBlock tb = Topics.TRACES.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    if (seen.merge(tb.frame(), 1, Integer::sum) == blocks) {
                        long now = System.nanoTime();
                        latency.recordValue(Math.max(0, System.currentTimeMillis() * 1_000_000L - tb.acquisitionNs()));
                        done++;
                        partial += tb.partialFrame() ? 1 : 0;
                        firstDoneNs = firstDoneNs == 0 ? now : firstDoneNs;
                        lastDoneNs = now;
                    }
                }
            }
        }
        Map<String, Object> m = new HashMap<>();
        m.put("frames", done);
        m.put("partial", partial);
        m.put("spanSeconds", Math.max(1e-9, (lastDoneNs - firstDoneNs) / 1e9));
        return m;
    }

}
