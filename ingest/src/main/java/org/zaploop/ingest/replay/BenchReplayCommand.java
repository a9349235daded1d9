package org.zaploop.ingest.replay;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.zaploop.protocol.archive.SessionArchive;
import org.zaploop.protocol.archive.zarr.ArraySpec;
import org.zaploop.protocol.archive.zarr.DataType;
import org.zaploop.protocol.archive.zarr.Order;
import org.zaploop.protocol.archive.zarr.ZarrArray;

/**
 * {@code zaploop bench replay}: how fast a ZAPBench-size traces archive replays into Kafka. Builds a traces-only
 * archive in the ZAPBench layout (a {@code traces} zarr array [t, neuron], float32, chunks [512, 512],
 * uncompressed) of N neurons × T frames in a temp directory, replays it at maximum speed to {@code zl.traces}
 * (trace blocks of 512 neurons), and reports frames/s, × real time (frames/s × 0.9141 s) and MB/s, as a table or
 * one JSON object. Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a generated ZAPBench-size traces archive into Kafka at maximum speed and report the rate.")
public final class BenchReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--neurons", defaultValue = "71721", description = "Neurons (default ${DEFAULT-VALUE}, ZAPBench).")
    int neurons;

    @Option(names = "--frames", defaultValue = "2000",
            description = "Frames (default ${DEFAULT-VALUE}; ZAPBench has 7879).")
    int frames;

    @Option(names = "--dir", description = "Where to build the archive (default: a temp directory, deleted after).")
    Path dir;

    @Option(names = "--json", description = "Print exactly one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (neurons < 1 || frames < 1 || (long) neurons * frames > 1L << 33) {
            err.println("bench replay: need 1 ≤ neurons, frames and neurons × frames ≤ 8.6e9");
            return 2;
        }
        boolean temp = dir == null;
        Path root = temp ? Files.createTempDirectory("zaploop-bench-replay-") : dir;
        try {
            long t0 = System.nanoTime();
            build(root, neurons, frames);
            double buildS = (System.nanoTime() - t0) / 1e9;
            if (!json) {
                err.printf(Locale.ROOT, "built a %d × %d traces archive (%.0f MB) in %.1f s%n", frames, neurons,
                        frames * (double) neurons * 4 / 1e6, buildS);
                err.flush();
            }
            ReplayOptions o = ReplayOptions.of(root).withSpeed(Double.POSITIVE_INFINITY).withZapbench(true)
                    .withStreams(EnumSet.of(ReplayStream.TRACES)).withSession(Replay.defaultSession("bench"));
            ReplayResult r = new Replay(bootstrap, o, json ? null : System.err, System.console() != null,
                    new Properties()).run();
            if (json) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode n = m.createObjectNode();
                n.put("benchmark", "replay");
                n.put("neurons", neurons);
                n.put("frames", r.frames());
                n.put("records", r.records());
                n.put("bytes", r.bytes());
                n.put("seconds", r.seconds());
                n.put("framesPerSecond", r.framesPerSecond());
                n.put("realTimeFactor", r.realTimeFactor());
                n.put("megabytesPerSecond", r.megabytesPerSecond());
                n.put("buildSeconds", buildS);
                n.put("cores", Runtime.getRuntime().availableProcessors());
                n.put("javaVersion", System.getProperty("java.version"));
                out.println(m.writeValueAsString(n));
            } else {
                out.printf(Locale.ROOT, "%-24s %14s%n", "replay (zl.traces)", "value");
                out.printf(Locale.ROOT, "%-24s %,14d%n", "neurons", neurons);
                out.printf(Locale.ROOT, "%-24s %,14d%n", "frames", r.frames());
                out.printf(Locale.ROOT, "%-24s %,14d%n", "records", r.records());
                out.printf(Locale.ROOT, "%-24s %14.2f%n", "seconds", r.seconds());
                out.printf(Locale.ROOT, "%-24s %14.1f%n", "frames/s", r.framesPerSecond());
                out.printf(Locale.ROOT, "%-24s %14.1f%n", "x real time", r.realTimeFactor());
                out.printf(Locale.ROOT, "%-24s %14.1f%n", "MB/s", r.megabytesPerSecond());
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("bench replay: " + e.getMessage());
            return 1;
        } finally {
            if (temp) {
                deleteTree(root);
            }
        }
    }

    /** Writes a ZAPBench-layout traces array of smooth pseudo-ΔF/F values, one 512 × 512 chunk at a time. */
    public static void build(Path root, int neurons, int frames) throws IOException {
        int c = SessionArchive.TRACE_CHUNK;
        ZarrArray t = ZarrArray.create(root.resolve(SessionArchive.TRACES),
                ArraySpec.of(DataType.FLOAT32, new long[] {frames, neurons}, new int[] {c, c})
                        .withDimensionNames("t", "neuron"));
        float[] chunk = new float[c * c];
        for (int i = 0; i * c < frames; i++) {
            for (int j = 0; j * c < neurons; j++) {
                for (int f = 0; f < c; f++) {
                    for (int n = 0; n < c; n++) {
                        long frame = (long) i * c + f;
                        long neuron = (long) j * c + n;
                        chunk[f * c + n] = frame < frames && neuron < neurons
                                ? (float) (0.1 * Math.sin(frame * 0.05 + neuron * 0.37)) : 0f;
                    }
                }
                t.writeChunk(new long[] {i, j}, chunk, Order.C);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
