package org.zaploop.processors.imaging.topology;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.zaploop.protocol.kafka.KafkaClientSettings;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.topics.TopicCatalogue;

/**
 * Publishes a session's segmentation to {@code zl.segmentation}: loads the label volume (label L &gt; 0 = neuron
 * L − 1, 0 = background) and, when present, the neuron table (ids, centroids) of a session archive — a ZapLoop
 * archive such as {@code ./zaploop fish --export DIR}, or the ZAPBench layout — and sends it as
 * {@link NeuronTableBlock}s of {@value #BLOCK_NEURONS} neurons, key {@code session/block}, all with the given
 * version. Labels are read plane by plane (twice: count, then fill), so a ZAPBench volume never sits in memory
 * whole. A plain object: {@code new SegmentationPublisher(bootstrap)}, {@code publish(archive, session, version)},
 * {@code close()}. Writes {@code zl.segmentation}; reads no topic or store.
 */
public final class SegmentationPublisher implements AutoCloseable {

    public static final int BLOCK_NEURONS = 512;

    private final Producer<String, NeuronTableBlock> producer;

    /** A publisher with its own idempotent producer on {@code bootstrap}. */
    public SegmentationPublisher(String bootstrap) {
        this(new KafkaProducer<>(KafkaClientSettings.secure(props(bootstrap)), Topics.SEGMENTATION.keySerde().serializer(),
                Topics.SEGMENTATION.valueSerde().serializer()));
    }

    /** A publisher on a given producer (which it closes). */
    public SegmentationPublisher(Producer<String, NeuronTableBlock> producer) {
        this.producer = producer;
    }

    private static Properties props(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.BULK_MAX_MESSAGE_BYTES));
        // one request at a time: a whole-brain table is a burst of large batches, and a slow broker that times out
        // the first of several in flight rejects the others as out of sequence until delivery times out
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return p;
    }

    /** Loads the archive's segmentation and publishes it; returns the blocks sent (acknowledged). */
    public int publish(Path archive, String session, long version) throws IOException {
        return publish(load(archive, session, version));
    }

    /** Sends the blocks and waits until every one is acknowledged; returns their number. */
    public int publish(List<NeuronTableBlock> blocks) throws IOException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (NeuronTableBlock b : blocks) {
            // Stamped with the table's own time, as planes are with theirs: the imaging task takes its inputs in
            // timestamp order, so the table comes before the planes acquired after it even when it is read with
            // them (stamped when sent, a fish's table came after its first planes, which went to the DLQ).
            Long ts = b.acquisitionNs() > 0 ? b.acquisitionNs() / 1_000_000 : null;
            sent.add(producer.send(new ProducerRecord<>(Topics.SEGMENTATION.name(), null, ts,
                    Keys.blockKey(b.session(), b.block()), b)));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing the segmentation", e);
        } catch (ExecutionException e) {
            throw new IOException("publishing the segmentation failed: " + e.getCause().getMessage(), e.getCause());
        }
        return blocks.size();
    }

    /** The archive's segmentation as neuron-table blocks of {@code session}, version {@code version}. */
    public static List<NeuronTableBlock> load(Path archive, String session, long version) throws IOException {
        try (SessionArchive a = SessionArchive.open(archive)) {
            if (a.segmentation().isEmpty()) {
                throw new IOException("archive " + archive + " has no segmentation label volume");
            }
            ArchiveMeta m = a.meta();
            NeuronTable table = a.neuronTable().orElse(null);
            return blocks(session, version, m.width(), m.height(), m.depth(),
                    m.frameZeroNs() < 0 ? 0 : m.frameZeroNs(), a::readLabelPlane, table);
        }
    }

    /** Reads label plane z into a width × height buffer (x fastest). */
    @FunctionalInterface
    public interface LabelSource {
        void readLabelPlane(int z, int[] dest) throws IOException;
    }

    /**
     * Footprints from a label volume: neuron i = the voxels labelled i + 1, in increasing linear index; the
     * neuron count is the table's size, or the largest label without a table (labels beyond the table are
     * ignored). Ids and centroids come from the table, else ids are labels and centroids are voxel means.
     */
    public static List<NeuronTableBlock> blocks(String session, long version, int width, int height, int depth,
                                                long acquisitionNs, LabelSource labels, NeuronTable table)
            throws IOException {
        int plane = width * height;
        int[] buf = new int[plane];
        int maxLabel = 0;
        long[] counts = new long[table == null ? 1024 : table.size() + 1];
        for (int z = 0; z < depth; z++) {
            labels.readLabelPlane(z, buf);
            for (int v : buf) {
                if (v > 0 && (table == null || v <= table.size())) {
                    if (v >= counts.length) {
                        counts = java.util.Arrays.copyOf(counts, Math.max(v + 1, 2 * counts.length));
                    }
                    counts[v]++;
                    maxLabel = Math.max(maxLabel, v);
                }
            }
        }
        int n = table == null ? maxLabel : table.size();
        if (n < 1) {
            throw new IOException("the label volume labels no neuron");
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            long next = start[i] + counts[i + 1];
            if (next > Integer.MAX_VALUE - 8) {
                throw new IOException("too many labelled voxels");
            }
            start[i + 1] = (int) next;
        }
        int[] voxels = new int[start[n]];
        int[] fill = java.util.Arrays.copyOf(start, n);
        double[] sx = new double[n];
        double[] sy = new double[n];
        double[] sz = new double[n];
        for (int z = 0; z < depth; z++) {
            labels.readLabelPlane(z, buf);
            for (int p = 0; p < plane; p++) {
                int v = buf[p];
                if (v > 0 && v <= n) {
                    voxels[fill[v - 1]++] = p + z * plane;
                    sx[v - 1] += p % width;
                    sy[v - 1] += p / width;
                    sz[v - 1] += z;
                }
            }
        }
        int[] ids = new int[n];
        float[] cx = new float[n];
        float[] cy = new float[n];
        float[] cz = new float[n];
        for (int k = 0; k < n; k++) {
            int c = start[k + 1] - start[k];
            ids[k] = table == null ? k + 1 : table.ids()[k];
            cx[k] = table == null ? (float) (c == 0 ? 0 : sx[k] / c) : table.centroidX()[k];
            cy[k] = table == null ? (float) (c == 0 ? 0 : sy[k] / c) : table.centroidY()[k];
            cz[k] = table == null ? (float) (c == 0 ? 0 : sz[k] / c) : table.centroidZ()[k];
        }
        return blocks(session, version, width, height, depth, acquisitionNs, ids, cx, cy, cz, start, voxels, null);
    }

    /**
     * One table version as blocks of {@value #BLOCK_NEURONS} neurons, from whole-table arrays: ids and centroids
     * per neuron, CSR footprints (neuron k owns {@code voxels[start[k] .. start[k+1])}) and their weights (null =
     * unweighted). Arrays are copied per block.
     */
    public static List<NeuronTableBlock> blocks(String session, long version, int width, int height, int depth,
                                                long acquisitionNs, int[] ids, float[] cx, float[] cy, float[] cz,
                                                int[] start, int[] voxels, float[] weights) {
        int n = ids.length;
        List<NeuronTableBlock> out = new ArrayList<>();
        for (int b = 0; b * BLOCK_NEURONS < n; b++) {
            int first = b * BLOCK_NEURONS;
            int m = Math.min(BLOCK_NEURONS, n - first);
            int[] bs = new int[m + 1];
            for (int i = 0; i < m; i++) {
                bs[i + 1] = start[first + i + 1] - start[first];
            }
            int from = start[first];
            int to = start[first + m];
            out.add(new NeuronTableBlock(session, version, b, first, n, width, height, depth, acquisitionNs,
                    java.util.Arrays.copyOfRange(ids, first, first + m),
                    java.util.Arrays.copyOfRange(cx, first, first + m),
                    java.util.Arrays.copyOfRange(cy, first, first + m),
                    java.util.Arrays.copyOfRange(cz, first, first + m), bs,
                    java.util.Arrays.copyOfRange(voxels, from, to),
                    weights == null ? null : java.util.Arrays.copyOfRange(weights, from, to)));
        }
        return out;
    }

    @Override
    public void close() {
        producer.close();
    }
}
