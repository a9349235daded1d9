package org.zaploop.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.zaploop.ingest.gateway.Gateway;
import org.zaploop.ingest.gateway.GatewayConfig;
import org.zaploop.launcher.fuzz.FuzzCampaign;
import org.zaploop.launcher.fuzz.TargetResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zaploop fuzz}: the fuzz campaign ({@link FuzzCampaign}) against every decoder, the rig gateway's HTTP and
 * WebSocket endpoints on an embedded broker, and the archive reader; prints a table per target and a verdict.
 * Exit code 0 when every target passed, 1 otherwise.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Fuzz campaign: corrupted, truncated, oversized, wrongly typed, NaN/infinite, duplicate, "
                + "out-of-order and unknown-session inputs against every record decoder, the rig gateway's HTTP and "
                + "WebSocket endpoints (on an embedded broker) and the zarr archive reader.",
                "Passes when nothing crashes or hangs, every refusal is dead-lettered with its reason and every "
                        + "valid record sent alongside arrives. Exit code 0 pass, 1 fail."})
public final class FuzzCommand implements Callable<Integer> {

    @Option(names = "--inputs", paramLabel = "N", defaultValue = "1000000",
            description = "Inputs in all (default: ${DEFAULT-VALUE}): gateway WebSocket 5 %%, gateway HTTP 1 %%, "
                    + "archive 2 %%, the rest split over the decoders.")
    long inputs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20261122",
            description = "Seed of every generator; the same seed replays the same inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--per-input-timeout", paramLabel = "TIME", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Time bound per input; longer is a hang (default: ${DEFAULT-VALUE}; a WebSocket batch of 32 "
                    + "gets five times it).")
    Duration perInput;

    @Option(names = "--json", description = "Print exactly one JSON object instead of the table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("zaploop-fuzz");
        KafkaOptions kafka = new KafkaOptions();
        kafka.dataDir = work.resolve("broker");
        kafka.port = 0;
        long t0 = System.nanoTime();
        List<TargetResult> rows;
        try (Cluster cluster = Cluster.open(kafka)) {
            cluster.provision((short) 1);
            try (Gateway gateway = Gateway.start(GatewayConfig.loopback(cluster.bootstrap()))) {
                if (!json) {
                    out.printf("Fuzz campaign: %,d inputs, seed %d, %s per input; broker %s, gateway 127.0.0.1:%d%n",
                            inputs, seed, perInput, cluster.bootstrap(), gateway.port());
                    out.println(header());
                    out.flush();
                }
                rows = new FuzzCampaign(inputs, seed, perInput, work).run(
                        new FuzzCampaign.Gateway("127.0.0.1", gateway.port(), cluster.bootstrap(), Map.of()),
                        r -> {
                            if (!json) {
                                out.println(row(r));
                                out.flush();
                            }
                        });
            }
        } finally {
            deleteQuietly(work);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peakHeap = org.zaploop.launcher.fuzz.FuzzCampaign.peakHeapBytes();
        boolean passed = rows.stream().allMatch(TargetResult::passed);
        long total = rows.stream().mapToLong(TargetResult::inputs).sum();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("inputs", total);
            o.put("seed", seed);
            o.put("seconds", seconds);
            o.put("peakHeapBytes", peakHeap);
            o.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
            o.put("verdict", passed ? "pass" : "fail");
            o.put("targets", rows);
            out.println(Json.write(o));
        } else {
            out.printf("%-24s %,10d%n", "total", total);
            out.printf("Peak heap used %.0f MiB of %.0f MiB allowed; %.0f s.%n", peakHeap / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0, seconds);
            for (TargetResult r : rows) {
                for (String f : r.findings()) {
                    out.println("  " + r.target() + ": " + f);
                }
            }
            out.println("Verdict: " + (passed ? "PASS" : "FAIL"));
        }
        out.flush();
        return passed ? 0 : 1;
    }

    private static String header() {
        return String.format("%-24s %10s %10s %10s %13s %15s %8s %6s %8s", "target", "inputs", "accepted", "rejected",
                "dead-letters", "valid delivered", "crashes", "hangs", "seconds");
    }

    private static String row(TargetResult r) {
        return String.format("%-24s %,10d %,10d %,10d %13s %15s %8d %6d %8.1f  %s", r.target(), r.inputs(),
                r.accepted(), r.rejected(), r.deadLettered() == null ? "n/a" : String.format("%,d", r.deadLettered()),
                r.validSent() == null ? "n/a" : r.validDelivered() + "/" + r.validSent(), r.crashes(), r.hangs(),
                r.seconds(), r.passed() ? "pass" : "FAIL");
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
