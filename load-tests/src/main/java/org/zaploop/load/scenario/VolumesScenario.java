package org.zaploop.load.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.zaploop.protocol.kafka.PlanePartitioner;
import org.zaploop.load.LoadProbe;
import org.zaploop.load.LoadScenario;
import org.zaploop.load.PacedLoop;
import org.zaploop.load.Ready;
import org.zaploop.load.TopicReader;
import org.zaploop.processors.imaging.topology.ImagingConfig;
import org.zaploop.processors.imaging.topology.ImagingRunner;
import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.ZapLoopClock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.sim.fish.FishGeometry;

/**
 * {@code volumes}: the microscope's planes (ZAPBench size, 2048 × 1328 × 72 uint16, one volume per 0.9141 s / rate,
 * planes one after another; or the demo's geometry with {@code --scale small}) written to {@code zl.imaging.planes}
 * as a rig writes them, through the real imaging topology ({@link ImagingRunner}: registration, trace extraction,
 * causal ΔF/F, exactly-once) into {@code zl.traces}. The volumes are rendered from the virtual fish up front and
 * its nuclei published as the segmentation. A reader times each trace block from the acquisition of the newest
 * plane it derives from. Lag: the imaging application's group and the reader's.
 */
public final class VolumesScenario extends StreamedScenario {

    public static final String SESSION = "load-volumes";
    public static final String APP = "zaploop-load-imaging";
    public static final String READER = "zaploop-load-traces-reader";
    public static final String MAIN = "volumes: acquisition → trace block read back";

    private final FishGeometry geometry;
    private final String scale;
    private final int rendered;

    /**
     * @param scale    its name in the report (small, full, or a test's)
     * @param rendered distinct volumes rendered and played in turn
     */
    public VolumesScenario(FishGeometry geometry, String scale, int rendered, double rate) {
        super("volumes", APP, READER, MAIN, rate);
        if (rendered < 1) {
            throw new IllegalArgumentException("volumes: at least one rendered volume");
        }
        this.geometry = geometry;
        this.scale = scale;
        this.rendered = rendered;
    }

    /** The {@code --scale} geometries: ZAPBench's full size (one volume rendered) or the demo's (four). */
    public static VolumesScenario ofScale(String scale, double rate) {
        return new VolumesScenario(FishGeometry.named(scale), scale, scale.equals("full") ? 1 : 4, rate);
    }

    @Override
    public void start(String bootstrap, LoadProbe probe) throws Exception {
        FishVolumes fish = FishVolumes.render(geometry, rendered, SESSION);
        stateDir = Files.createTempDirectory("zaploop-load-imaging");
        ImagingRunner imaging = new ImagingRunner(RunnerConfig.exactlyOnce(APP).withStateDir(stateDir),
                ImagingConfig.defaults());
        runner = imaging;
        imaging.start(bootstrap);
        try (SegmentationPublisher pub = new SegmentationPublisher(bootstrap)) {
            pub.publish(fish.table());
        }
        reader = new TopicReader(bootstrap, READER, Topics.TRACES.name(), SESSION,
                v -> Topics.TRACES.valueSerde().deserializer().deserialize(Topics.TRACES.name(), v).acquisitionNs(),
                probe.latency(MAIN), probe.flow("trace blocks read back from zl.traces"))
                .start(Duration.ofSeconds(60));
        Ready.await(() -> imaging.counters().tables.get() > 0, Duration.ofSeconds(300),
                "the imaging application's neuron table");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(256L << 20));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "zaploop-load-planes");
        PlanePartitioner.configure(p);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        LoadProbe.Flow flow = probe.flow("planes sent to zl.imaging.planes");
        int depth = geometry.depth();
        short[][][] volumes = fish.volumes();
        source = new PacedLoop("load-volumes-source", depth / geometry.volumePeriodS(), rate, i -> {
            long frame = i / depth;
            int z = (int) (i % depth);
            long acq = ZapLoopClock.nowNs();
            byte[] v = Topics.PLANES.valueSerde().serializer().serialize(Topics.PLANES.name(),
                    new Plane(SESSION, frame, z, depth, acq, geometry.width(), geometry.height(), 0, 0,
                            geometry.width(), geometry.height(), volumes[(int) (frame % volumes.length)][z]));
            producer.send(new ProducerRecord<>(Topics.PLANES.name(), null, acq / 1_000_000,
                    Keys.planeKey(SESSION, z), v));
            flow.add(1, v.length);
        }).start();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volumes: scale", scale + " (" + geometry.width() + " × " + geometry.height() + " × "
                + geometry.depth() + " uint16, " + geometry.neurons() + " neurons)");
        m.put("volumes: rate (× real time)", rate);
        m.put("volumes: MB per volume", Math.round(geometry.pixelsPerPlane() * 2.0 * geometry.depth() / 1e5) / 10.0);
        m.put("volumes: imaging", "registration, extraction, causal ΔF/F, exactly_once_v2");
        return m;
    }
}
