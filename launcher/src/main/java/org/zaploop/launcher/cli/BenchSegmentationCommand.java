package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

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
import org.zaploop.processors.bench.SegmentationScore;
import org.zaploop.processors.imaging.CausalDff;
import org.zaploop.processors.imaging.topology.ImagingConfig;
import org.zaploop.processors.imaging.topology.ImagingRunner;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.archive.ArchiveMeta;
import org.zaploop.protocol.archive.NeuronTable;
import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.archive.zarr.ZarrArray;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.sim.export.FishExport;
import org.zaploop.sim.fish.CameraParams;
import org.zaploop.sim.fish.FishGeometry;
import org.zaploop.sim.fish.VirtualFish;

/**
 * {@code zaploop bench segmentation}: online segmentation, registration and ΔF/F against the virtual fish's ground
 * truth. Exports a fish session (default noise and motion) to a temporary archive, streams its planes through a
 * throw-away embedded broker into the real imaging topology (exactly-once, online nucleus detection on the
 * registered mean of the first volumes), reads the detected table from {@code zl.segmentation} and the traces from
 * {@code zl.traces}, and scores them ({@link SegmentationScore}). Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(name = "segmentation", mixinStandardHelpOptions = true,
        description = "Accuracy of online nucleus detection, registration and ΔF/F against the virtual fish's truth.")
public final class BenchSegmentationCommand implements Callable<Integer> {

    private static final String SESSION = "bench-seg";

    @Option(names = "--scale", defaultValue = "small", description = "small or full (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--frames", defaultValue = "600", description = "Volumes exported and streamed (default: "
            + "${DEFAULT-VALUE}: the ΔF/F window, then 190 scored volumes; about 13 minutes).")
    int frames;

    @Option(names = "--detect-volumes", defaultValue = "10",
            description = "Volumes averaged into the reference nuclei are detected on (default: ${DEFAULT-VALUE}).")
    int detectVolumes;

    @Option(names = "--dff-window", defaultValue = "" + CausalDff.DEFAULT_WINDOW,
            description = "Causal ΔF/F baseline window, frames; traces are scored once it has filled (default: the "
                    + "imaging processor's, ${DEFAULT-VALUE}).")
    int dffWindow;

    @Option(names = "--planes", defaultValue = "72", description = "Planes per volume over the same brain depth "
            + "(default: ${DEFAULT-VALUE}, ZAPBench's 4 µm; the demo's small scale images 24 planes 12 µm apart, "
            + "about two layers of nuclei per plane).")
    int planes;

    @Option(names = "--frame-timeout-ms", defaultValue = "30000",
            description = "Wall-clock wait for a frame's last plane before it is emitted partial; longer than the "
                    + "demo's 5 s so a loaded machine scores accuracy, not lag (default: ${DEFAULT-VALUE}).")
    long frameTimeoutMs;

    @Option(names = "--nucleus-spacing-um", paramLabel = "UM",
            description = "Smallest distance between two neurons' centres in the fish, µm (default: one nucleus "
                    + "diameter, 6; 0 = uniform placement, nuclei may overlap).")
    Double nucleusSpacingUm;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fish (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (frames < detectVolumes + dffWindow + 20 || detectVolumes < 1 || dffWindow < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--frames must exceed --detect-volumes + --dff-window by at least 20 volumes to score anything");
        }
        FishGeometry g = FishGeometry.named(scale);
        if (planes < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--planes must be at least 1");
        }
        if (planes != g.depth()) {
            double depthUm = g.depth() * g.voxelZUm();
            g = new FishGeometry(g.width(), g.height(), planes, g.voxelXyUm(), depthUm / planes, g.volumePeriodS(),
                    g.neurons());
        }
        VirtualFish.Config fishConfig = VirtualFish.Config.defaults(g, seed);
        if (nucleusSpacingUm != null) {
            if (!(nucleusSpacingUm >= 0)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--nucleus-spacing-um must be ≥ 0, got " + nucleusSpacingUm);
            }
            fishConfig = fishConfig.withNucleusSpacingUm(nucleusSpacingUm);
        }
        CameraParams cam = fishConfig.camera();
        float radius = (float) (cam.nucleusRadiusUm() / g.voxelXyUm());
        float radiusZ = (float) (cam.nucleusRadiusUm() / g.voxelZUm());
        Path tmp = Files.createTempDirectory("zaploop-bench-seg");
        try {
            err.printf("exporting %d volumes of the virtual fish (%s, %d × %d × %d, %d neurons)…%n", frames, scale,
                    g.width(), g.height(), g.depth(), g.neurons());
            err.flush();
            long t0 = System.nanoTime();
            Progress exported = new Progress(err, "volumes exported", frames);
            Path archive = FishExport.run(tmp.resolve("archive"), fishConfig, SESSION, frames,
                    new String[] {"GRATING", "FLASH", "DARK", "OFF"}, 2, exported::update);
            exported.done();
            double exportS = (System.nanoTime() - t0) / 1e9;
            Map<Long, float[]> shifts = new ConcurrentHashMap<>();
            ImagingConfig ic = ImagingConfig.defaults().withDff(dffWindow, 8).withFrameTimeoutMs(frameTimeoutMs)
                    .withDetection(detectVolumes, radius, radiusZ);
            List<NeuronTableBlock> table = new ArrayList<>();
            Map<Long, float[][]> traces = new HashMap<>();
            java.util.Set<Long> partial = new java.util.HashSet<>();
            err.printf("streaming through the imaging topology…%n");
            err.flush();
            long t1 = System.nanoTime();
            try (BenchBroker broker = BenchBroker.start();
                 ImagingRunner runner = new ImagingRunner(RunnerConfig.exactlyOnce("bench-segmentation")
                         .withStateDir(tmp.resolve("state")), ic)) {
                runner.counters().observeShifts((s, f, dx, dy) -> shifts.put(f, new float[] {dx, dy}));
                runner.start(broker.bootstrap());
                Progress streamed = new Progress(err, "volumes streamed at the microscope's pace", frames);
                streamPlanes(archive, broker.bootstrap(), g, detectVolumes, Duration.ofMinutes(20), streamed);
                streamed.done();
                collect(broker.bootstrap(), table, traces, partial, frames - 1, Duration.ofMinutes(20));
            }
            double pipelineS = (System.nanoTime() - t1) / 1e9;
            Map<String, Object> r = score(archive, g, table, traces, shifts, radius, radiusZ);
            r.put("nucleusSpacingUm", fishConfig.nucleusSpacingUm());
            r.put("partialFrames", partial.size());
            r.put("exportSeconds", BenchReport.round(exportS));
            r.put("pipelineSeconds", BenchReport.round(pipelineS));
            BenchReport.print(out, r, json, "Online segmentation against the virtual fish's ground truth",
                    "Targets: precision and recall ≥ 0.95, registration RMS < 0.5 voxel, median trace "
                    + "correlation ≥ 0.9.");
            return 0;
        } finally {
            BenchReport.deleteTree(tmp);
        }
    }

    /**
     * Every plane of the archive to zl.imaging.planes at the microscope's pace (as a rig streams them), pausing after
     * the volumes detection averages until the detected table is on zl.segmentation: on a loaded machine the
     * processor can fall minutes behind, and the planes that pile up while the table makes its round trip would
     * outgrow what waits for it (they are dead-lettered, as they would be live), so the score would measure the
     * machine's load instead of the accuracy.
     */
    private static void streamPlanes(Path archive, String bootstrap, FishGeometry g, int detectVolumes,
                                     Duration tableTimeout, Progress progress) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        PlanePartitioner.configure(p);
        try (SessionArchive a = SessionArchive.open(archive);
             KafkaProducer<String, Plane> producer = new KafkaProducer<>(KafkaClientSettings.secure(p), Topics.PLANES.keySerde().serializer(),
                     Topics.PLANES.valueSerde().serializer())) {
            long n = a.framesComplete();
            long planeNs = Math.round(g.planePeriodS() * 1e9);
            // acquired from now on, as a replay stamps them: the traces carry the planes' acquisition time as their
            // record timestamp, and one stamped near the epoch is older than any retention, so the broker would
            // delete it as soon as its segment rolls
            long epochStartNs = System.currentTimeMillis() * 1_000_000L;
            long start = System.nanoTime();
            long pausedNs = 0;
            for (long f = 0; f < n; f++) {
                if (f == detectVolumes) {
                    producer.flush();
                    long t0 = System.nanoTime();
                    SegmentationVersions.awaitComplete(bootstrap, SESSION, 1, tableTimeout);
                    pausedNs = System.nanoTime() - t0;
                }
                for (int z = 0; z < g.depth(); z++) {
                    long due = start + pausedNs + (f * g.depth() + z) * planeNs;
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(due - System.nanoTime(), 1_000_000));
                    }
                    short[] px = new short[g.pixelsPerPlane()];
                    a.readPlane(f, z, px);
                    long ns = epochStartNs + (f * g.depth() + z) * planeNs;
                    producer.send(new ProducerRecord<>(Topics.PLANES.name(), null, ns / 1_000_000,
                            Keys.planeKey(SESSION, z), new Plane(SESSION, f, z, g.depth(), ns, g.width(),
                                    g.height(), 0, 0, g.width(), g.height(), px)));
                }
                progress.update(f + 1);
            }
            producer.flush();
        }
    }

    /** Reads the detected table and every trace block until the last frame's blocks are all in. */
    private static void collect(String bootstrap, List<NeuronTableBlock> table, Map<Long, float[][]> traces,
                                java.util.Set<Long> partial, long lastFrame, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-segmentation-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(TopicCatalogue.PLANE_MAX_MESSAGE_BYTES));
        long end = System.nanoTime() + timeout.toNanos();
        Map<Long, Integer> blocksOfFrame = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaClientSettings.secure(p), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.TRACES.name(), Topics.SEGMENTATION.name()));
            int blocks = -1;
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(Topics.SEGMENTATION.name())) {
                        NeuronTableBlock nb = Topics.SEGMENTATION.valueSerde().deserializer()
                                .deserialize(r.topic(), r.value());
                        table.add(nb);
                        blocks = (nb.totalNeurons() + 511) / 512;
                        continue;
                    }
                    TraceBlock tb = Topics.TRACES.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    float[][] f = traces.computeIfAbsent(tb.frame(), k -> new float[2 * 1024][]);
                    if (2 * tb.block() + 1 >= f.length) {
                        continue;
                    }
                    if (tb.partialFrame()) {
                        partial.add(tb.frame());
                    }
                    f[2 * tb.block()] = tb.dff();
                    f[2 * tb.block() + 1] = tb.raw();
                    blocksOfFrame.merge(tb.frame(), 1, Integer::sum);
                }
                if (blocks > 0 && blocksOfFrame.getOrDefault(lastFrame, 0) >= blocks) {
                    return;
                }
            }
        }
        throw new IllegalStateException("the imaging topology did not deliver the traces of frame " + lastFrame
                + " within " + timeout.toMinutes() + " min");
    }

    private Map<String, Object> score(Path archive, FishGeometry g, List<NeuronTableBlock> table,
                                      Map<Long, float[][]> traces, Map<Long, float[]> shifts, float radius,
                                      float radiusZ) throws Exception {
        try (SessionArchive a = SessionArchive.open(archive)) {
            NeuronTable truth = a.neuronTable().orElseThrow();
            int tn = truth.size();
            long version = table.stream().mapToLong(NeuronTableBlock::version).max().orElseThrow();
            table.removeIf(b -> b.version() != version);
            table.sort(Comparator.comparingInt(NeuronTableBlock::firstNeuron));
            int dn = table.get(0).totalNeurons();
            float[] dx = new float[dn];
            float[] dy = new float[dn];
            float[] dz = new float[dn];
            for (NeuronTableBlock b : table) {
                System.arraycopy(b.centroidX(), 0, dx, b.firstNeuron(), b.neuronCount());
                System.arraycopy(b.centroidY(), 0, dy, b.firstNeuron(), b.neuronCount());
                System.arraycopy(b.centroidZ(), 0, dz, b.firstNeuron(), b.neuronCount());
            }
            // a centre matches within one nucleus radius in x and y; in z within the radius or, when planes are
            // coarser than a nucleus, to the nearest plane
            float matchZ = Math.max(radiusZ, 0.5f);
            int[] matchOf = SegmentationScore.match(truth.centroidX(), truth.centroidY(), truth.centroidZ(), dx, dy,
                    dz, radius, matchZ);
            int matched = SegmentationScore.matched(matchOf);
            boolean[] alone = SegmentationScore.isolated(truth.centroidX(), truth.centroidY(), truth.centroidZ(),
                    2 * radius, Math.max(1f, 2 * radiusZ));
            int isolated = 0;
            int isolatedFound = 0;
            for (int i = 0; i < tn; i++) {
                if (alone[i]) {
                    isolated++;
                    isolatedFound += matchOf[i] >= 0 ? 1 : 0;
                }
            }

            // registration: each registered volume's measured shift against its true shift, both relative to the
            // reference (the mean of the volumes that built it)
            double[] trueShift = new double[frames * 3];
            ZarrArray.open(archive.resolve("truth").resolve("shift")).readDouble(new long[] {0, 0},
                    new int[] {frames, 3}, trueShift);
            int refVolumes = ImagingConfig.defaults().referenceVolumes();
            double rx = 0;
            double ry = 0;
            for (int f = 0; f < refVolumes; f++) {
                rx += trueShift[3 * f] / refVolumes;
                ry += trueShift[3 * f + 1] / refVolumes;
            }
            double se = 0;
            int ns = 0;
            for (Map.Entry<Long, float[]> e : shifts.entrySet()) {
                int f = (int) (long) e.getKey();
                if (f < refVolumes) {
                    continue;
                }
                double ex = e.getValue()[0] - (trueShift[3 * f] - rx);
                double ey = e.getValue()[1] - (trueShift[3 * f + 1] - ry);
                se += ex * ex + ey * ey;
                ns++;
            }

            // traces: frames from the first traced one plus the ΔF/F window, causal and offline against the truth
            long first = traces.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
            int from = (int) first;
            int t = frames - from;
            float[] causal = new float[t * dn];
            float[] raw = new float[t * dn];
            for (int k = 0; k < t; k++) {
                float[][] blocks = traces.get((long) (from + k));
                if (blocks == null) {
                    throw new IllegalStateException("frame " + (from + k) + " has no traces");
                }
                for (int b = 0; 2 * b < blocks.length && blocks[2 * b] != null; b++) {
                    System.arraycopy(blocks[2 * b], 0, causal, k * dn + b * 512, blocks[2 * b].length);
                    System.arraycopy(blocks[2 * b + 1], 0, raw, k * dn + b * 512, blocks[2 * b + 1].length);
                }
            }
            float[] offline = SegmentationScore.offlineDff(raw, t, dn, 400, 8);
            float[] trueDff = new float[t * tn];
            a.readTraces(from, frames, 0, tn, trueDff);
            if (t < dffWindow + 20) {
                throw new IllegalStateException("only frames " + from + ".." + (frames - 1) + " were traced: too few to "
                        + "score after a " + dffWindow + "-frame ΔF/F window");
            }
            int s0 = dffWindow;
            double[] cCausal = new double[matched];
            double[] cOffline = new double[matched];
            double[] cGap = new double[matched];
            // the extraction on its own: raw F against the true ΔF/F (an affine function of the true F, up to the
            // slow bleaching), i.e. what a constant baseline scores; a baseline beats it only by dividing out real
            // slow changes of F (z drift, bleaching), and loses to it wherever it follows slow activity
            double[] cRaw = new double[matched];
            double absGap = 0;
            int m = 0;
            for (int i = 0; i < tn; i++) {
                int j = matchOf[i];
                if (j < 0) {
                    continue;
                }
                cCausal[m] = SegmentationScore.correlation(causal, dn, j, trueDff, tn, i, s0, t);
                cOffline[m] = SegmentationScore.correlation(offline, dn, j, trueDff, tn, i, s0, t);
                cRaw[m] = SegmentationScore.correlation(raw, dn, j, trueDff, tn, i, s0, t);
                cGap[m] = SegmentationScore.correlation(causal, dn, j, offline, dn, j, s0, t);
                for (int k = s0; k < t; k++) {
                    absGap += Math.abs(causal[k * dn + j] - offline[k * dn + j]);
                }
                m++;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("scale", scale);
            r.put("planes", g.depth());
            r.put("frames", frames);
            r.put("trueNeurons", tn);
            r.put("detectedNeurons", dn);
            r.put("precision", BenchReport.round((double) matched / dn));
            r.put("recall", BenchReport.round((double) matched / tn));
            r.put("isolatedTrueNeurons", isolated);
            r.put("recallOfIsolated", BenchReport.round((double) isolatedFound / Math.max(1, isolated)));
            r.put("nucleusRadiusVoxels", BenchReport.round(radius));
            r.put("registrationRmsVoxels", BenchReport.round(Math.sqrt(se / Math.max(1, ns))));
            r.put("registeredVolumes", ns);
            r.put("scoredFrames", t - s0);
            r.put("medianTraceCorrelation", BenchReport.round(SegmentationScore.median(cCausal)));
            r.put("medianOfflineDffCorrelation", BenchReport.round(SegmentationScore.median(cOffline)));
            r.put("medianRawFCorrelation", BenchReport.round(SegmentationScore.median(cRaw)));
            r.put("medianCausalVsOfflineCorrelation", BenchReport.round(SegmentationScore.median(cGap)));
            r.put("meanAbsCausalMinusOfflineDff", BenchReport.round(absGap / Math.max(1, (long) m * (t - s0))));
            return r;
        }
    }

}
