package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.zaploop.launcher.ZapLoop;
import org.zaploop.processors.imaging.topology.ImagingConfig;
import org.zaploop.processors.imaging.topology.ImagingRunner;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.Plane;

/**
 * {@code zaploop segment --rerun} against a real broker and the real imaging topology: a session segmented online
 * gets its nuclei detected again and a second table version on {@code zl.segmentation}, which the command waits for.
 */
class SegmentCommandTest {

    private static final String SESSION = "reseg-01";
    private static final int W = 64;
    private static final int H = 48;
    private static final int D = 4;

    @TempDir
    Path dir;

    @Test
    void aRerunPublishesTheNextTableVersionAndTheCommandWaitsForIt() throws Exception {
        try (BenchBroker kafka = BenchBroker.start();
             ImagingRunner runner = new ImagingRunner(RunnerConfig.exactlyOnce("segment-command-test")
                     .withStateDir(dir.resolve("state")), ImagingConfig.defaults().withFrameTimeoutMs(60_000)
                     .withRegistration(true, 1, 3, 6f).withPatches(0).withDetection(3, 2f, 0.4f));
             KafkaProducer<String, Plane> planes = producer(kafka.bootstrap())) {
            runner.start(kafka.bootstrap());
            send(planes, 0, 6);
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> runner.counters().tables.get() == 1);
            assertEquals(1, SegmentationVersions.newestComplete(kafka.bootstrap(), SESSION, Duration.ofSeconds(30)));

            CommandLine cl = ZapLoop.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("segment", "--session",
                    SESSION, "--rerun", "--wait", "120s", "--bootstrap", kafka.bootstrap()));
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> runner.counters().resegmentRequests.get() == 1);
            send(planes, 6, 12);
            assertEquals(0, exit.get(150, TimeUnit.SECONDS), out + " / " + err);
            assertTrue(out.toString().contains("neuron table version 2 is out"), out.toString());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> runner.counters().tables.get() == 2);
            assertEquals(2, runner.counters().detections.get());
        }
    }

    private static KafkaProducer<String, Plane> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // one request at a time: on a loaded machine a timed-out first batch otherwise gets the next ones refused
        // as out of sequence
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(p, Topics.PLANES.keySerde().serializer(), Topics.PLANES.valueSerde().serializer());
    }

    /** Frames [from, to) of a still volume: nuclei of radius 2 on a 9-voxel grid, alternate planes, noisy. */
    private static void send(KafkaProducer<String, Plane> producer, int from, int to) {
        SplittableRandom r = new SplittableRandom(from);
        for (int f = from; f < to; f++) {
            for (int z = 0; z < D; z++) {
                short[] px = new short[W * H];
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int gx = (x - 4) / 9;
                        int gy = (y - 4) / 9;
                        double dx = x - (4 + 9 * gx + 4);
                        double dy = y - (4 + 9 * gy + 4);
                        boolean nucleus = x >= 4 && y >= 4 && gx < 6 && gy < 4 && (gx + gy + z) % 2 == 0
                                && dx * dx + dy * dy <= 4;
                        px[x + y * W] = (short) (100 + (nucleus ? 300 : 0) + 4 * r.nextGaussian());
                    }
                }
                producer.send(new ProducerRecord<>(Topics.PLANES.name(), Keys.planeKey(SESSION, z),
                        new Plane(SESSION, f, z, D, 1_000_000L * (f * D + z), W, H, 0, 0, W, H, px)));
            }
        }
        producer.flush();
    }
}
