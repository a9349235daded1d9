package org.zaploop.launcher.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

import org.zaploop.protocol.kafka.PlanePartitioner;
import org.zaploop.processors.imaging.topology.SegmentationPublisher;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.sim.export.FishExport;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.VirtualFish;

/**
 * A recorded virtual-fish session (exported to a ZapLoop archive) replayed into a broker under several session ids,
 * identically every time: its neuron table to {@code zl.segmentation}, then its planes frame by frame to
 * {@code zl.imaging.planes}, each plane's acquisition time its place in the recording (frame × volume period + z ×
 * plane period) after a fixed start time. {@code zaploop replay} moves acquisition times onto the replay's clock
 * instead; here two replays must be byte-identical so that their outputs can be compared bit for bit. The start
 * time must be recent: traces and forecasts carry their acquisition time as record timestamp, and a record stamped
 * longer ago than a topic's retention (a week for {@code zl.traces}) is deleted by the broker as soon as its segment
 * rolls.
 */
final class RecordedSession {

    private final Path archive;
    private final ArchiveMeta meta;
    private final List<String> sessions;
    private final List<List<NeuronTableBlock>> tables = new ArrayList<>();
    private final long startNs;

    private RecordedSession(Path archive, List<String> sessions, long startNs) throws IOException {
        this.archive = archive;
        this.startNs = startNs;
        this.sessions = List.copyOf(sessions);
        try (SessionArchive a = SessionArchive.open(archive)) {
            this.meta = a.meta();
        }
        for (String s : sessions) {
            tables.add(SegmentationPublisher.load(archive, s, 1));
        }
    }

    /**
     * Records {@code frames} volumes of the virtual fish (the demo's small brain {@code coarsen}× coarser in x, y
     * and z, seeded) into {@code dir} and prepares to replay them under {@code sessions} session ids, acquired
     * from {@code startNs} (epoch nanoseconds) on.
     */
    static RecordedSession record(Path dir, int coarsen, long seed, int frames, int sessions, int assemblyPartitions,
                                  long startNs) throws IOException {
        FishGeometry s = FishGeometry.small();
        FishGeometry g = new FishGeometry(s.width() / coarsen, s.height() / coarsen, s.depth() / coarsen,
                s.voxelXyUm() * coarsen, s.voxelZUm() * coarsen, s.volumePeriodS(),
                s.neurons() / (coarsen * coarsen));
        Path archive = FishExport.run(dir, VirtualFish.Config.defaults(g, seed), "chaos", frames,
                new String[] {"GRATING", "FLASH", "DARK", "OFF"}, 2, v -> { });
        return new RecordedSession(archive, spread(sessions, assemblyPartitions), startNs);
    }

    /**
     * Session ids that fall on different partitions of imaging's by-session repartition topics (as far as there
     * are partitions), so both instances of the imaging processor assemble frames.
     */
    static List<String> spread(int sessions, int partitions) {
        List<String> out = new ArrayList<>();
        boolean[] used = new boolean[partitions];
        for (int i = 0; out.size() < sessions; i++) {
            String s = "chaos-" + i;
            int p = Utils.toPositive(Utils.murmur2(s.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (!used[p] || out.size() >= partitions) {
                used[p] = true;
                out.add(s);
            }
        }
        return out;
    }

    List<String> sessions() {
        return sessions;
    }

    ArchiveMeta meta() {
        return meta;
    }

    /** Neuron blocks of 512 per frame and session. */
    int blocks() {
        return tables.get(0).size();
    }

    int neurons() {
        return tables.get(0).get(0).totalNeurons();
    }

    long frames() throws IOException {
        try (SessionArchive a = SessionArchive.open(archive)) {
            return a.framesComplete();
        }
    }

    void publishTables(String bootstrap) throws IOException {
        try (SegmentationPublisher pub = new SegmentationPublisher(bootstrap)) {
            for (List<NeuronTableBlock> t : tables) {
                pub.publish(t);
            }
        }
    }

    /**
     * Every plane of every frame, session after session within a frame, as fast as the broker takes them; before
     * each frame {@code beforeFrame} is called with its number (it may wait).
     */
    void publishPlanes(String bootstrap, java.util.function.LongConsumer beforeFrame) throws IOException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        PlanePartitioner.configure(p);
        int w = meta.width();
        int h = meta.height();
        int d = meta.depth();
        long planeNs = Math.round(meta.volumePeriodS() / d * 1e9);
        try (SessionArchive a = SessionArchive.open(archive);
             KafkaProducer<String, Plane> producer = new KafkaProducer<>(p, Topics.PLANES.keySerde().serializer(),
                     Topics.PLANES.valueSerde().serializer())) {
            long n = a.framesComplete();
            for (long f = 0; f < n; f++) {
                producer.flush();
                beforeFrame.accept(f);
                for (int z = 0; z < d; z++) {
                    short[] px = new short[w * h];
                    a.readPlane(f, z, px);
                    long ns = startNs + (f * d + z) * planeNs;
                    for (String s : sessions) {
                        producer.send(new ProducerRecord<>(Topics.PLANES.name(), Keys.planeKey(s, z),
                                new Plane(s, f, z, d, ns, w, h, 0, 0, w, h, px)));
                    }
                }
            }
            producer.flush();
        }
    }
}
