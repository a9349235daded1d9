package org.zaploop.launcher.fuzz;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.zaploop.ingest.fuzz.GatewayFuzzResult;
import org.zaploop.ingest.fuzz.HttpGatewayFuzz;
import org.zaploop.ingest.fuzz.WebSocketGatewayFuzz;
import org.zaploop.protocol.archive.zarr.ZarrFuzz;
import org.zaploop.protocol.fuzz.DecoderFuzz;
import org.zaploop.protocol.fuzz.FuzzFinding;
import org.zaploop.protocol.fuzz.Verdict;

/**
 * The fuzz campaign: every record decoder, the rig gateway's HTTP endpoints and WebSocket (against a running gateway
 * on a real broker) and the zarr archive reader, each fed its share of the inputs by the fuzzers the tests use
 * ({@link DecoderFuzz}, {@link HttpGatewayFuzz}, {@link WebSocketGatewayFuzz}, {@link ZarrFuzz}). Shares: gateway
 * WebSocket 5 %, gateway HTTP 1 %, archive 2 %, the rest split evenly over the decoders. Plain Java; the caller
 * starts the broker and the gateway.
 */
public final class FuzzCampaign {

    private static final int MAX_FINDINGS = 10;

    /**
     * Where the gateway runs and how to reach Kafka.
     *
     * @param gatewayHost   the gateway's address
     * @param gatewayPort   its port
     * @param bootstrap     Kafka bootstrap servers, to read the dead letters and valid records back
     * @param kafkaSettings extra Kafka client settings (security)
     */
    public record Gateway(String gatewayHost, int gatewayPort, String bootstrap, Map<String, String> kafkaSettings) {
    }

    private final long inputs;
    private final long seed;
    private final Duration perInput;
    private final Path workDir;

    public FuzzCampaign(long inputs, long seed, Duration perInput, Path workDir) {
        if (inputs < 1_000) {
            throw new IllegalArgumentException("a campaign needs at least 1000 inputs, got " + inputs);
        }
        this.inputs = inputs;
        this.seed = seed;
        this.perInput = perInput;
        this.workDir = workDir;
    }

    /** Runs every target in turn, reporting each row as it finishes. */
    public List<TargetResult> run(Gateway gateway, java.util.function.Consumer<TargetResult> progress)
            throws Exception {
        long ws = inputs / 20;
        long http = inputs / 100;
        long archive = inputs / 50;
        List<DecoderFuzz> decoders = DecoderFuzz.everyFormat(seed);
        long perDecoder = (inputs - ws - http - archive) / decoders.size();
        long rest = inputs - ws - http - archive - perDecoder * decoders.size();
        List<TargetResult> rows = new ArrayList<>();
        HangGuard guard = new HangGuard(perInput);
        for (int d = 0; d < decoders.size(); d++) {
            rows.add(report(progress, decoder(guard, decoders.get(d), perDecoder + (d == 0 ? rest : 0))));
        }
        rows.add(report(progress, archive(guard, archive)));
        rows.add(report(progress, gatewayTarget("gateway HTTP", () -> new HttpGatewayFuzz(gateway.gatewayHost(),
                gateway.gatewayPort(), null, perInput).run("fuzz-http", http, seed, gateway.bootstrap(),
                gateway.kafkaSettings()))));
        rows.add(report(progress, gatewayTarget("gateway WebSocket", () -> new WebSocketGatewayFuzz(
                gateway.gatewayHost(), gateway.gatewayPort(), null, perInput).run("fuzz-ws", ws, seed,
                gateway.bootstrap(), gateway.kafkaSettings()))));
        return rows;
    }

    private static TargetResult report(java.util.function.Consumer<TargetResult> progress, TargetResult r) {
        progress.accept(r);
        return r;
    }

    private TargetResult decoder(HangGuard guard, DecoderFuzz fuzz, long n) {
        long[] counts = new long[3]; // accepted, rejected, crashes
        List<String> findings = new ArrayList<>();
        long t0 = System.nanoTime();
        String hang = guarded(guard, "decoder-" + fuzz.format(), findings, counts, g -> {
            for (long i = 0; i < n; i++) {
                g.starting(fuzz.format() + " input " + i + " (seed " + seed + ")");
                try {
                    counts[fuzz.check(fuzz.next()) == Verdict.ACCEPTED ? 0 : 1]++;
                } catch (FuzzFinding f) {
                    counts[2]++;
                    note(findings, "input " + i + " (seed " + seed + "): " + f.getMessage());
                }
                g.finished();
            }
        });
        return new TargetResult("decoder " + fuzz.format(), counts[0] + counts[1] + counts[2] + (hang == null ? 0 : 1),
                counts[0], counts[1], null, null, null, counts[2], hang == null ? 0 : 1, seconds(t0), findings);
    }

    private TargetResult archive(HangGuard guard, long n) throws java.io.IOException {
        ZarrFuzz fuzz = new ZarrFuzz(workDir.resolve("archive"), new Random(seed));
        long[] counts = new long[3];
        List<String> findings = new ArrayList<>();
        long t0 = System.nanoTime();
        String hang = guarded(guard, "archive", findings, counts, g -> {
            for (long i = 0; i < n; i++) {
                g.starting("archive input " + i + " (seed " + seed + ")");
                try {
                    counts[fuzz.next() == Verdict.ACCEPTED ? 0 : 1]++;
                } catch (FuzzFinding f) {
                    counts[2]++;
                    note(findings, "input " + i + " (seed " + seed + "): " + f.getMessage());
                }
                g.finished();
            }
        });
        return new TargetResult("archive zarr", counts[0] + counts[1] + counts[2] + (hang == null ? 0 : 1),
                counts[0], counts[1], null, null, null, counts[2], hang == null ? 0 : 1, seconds(t0), findings);
    }

    /** Runs a loop under the guard; an exception out of the loop itself is one more crash. */
    private static String guarded(HangGuard guard, String name, List<String> findings, long[] counts,
                                  HangGuard.Inputs loop) {
        try {
            String hang = guard.run(name, loop);
            if (hang != null) {
                note(findings, "hang: " + hang);
            }
            return hang;
        } catch (Throwable t) {
            counts[2]++;
            note(findings, name + " stopped: " + t);
            return null;
        }
    }

    interface GatewayRun {
        GatewayFuzzResult run() throws Exception;
    }

    /** The gateway fuzzers bound every request and batch themselves; the guard only watches the whole run. */
    private static TargetResult gatewayTarget(String name, GatewayRun run) {
        long t0 = System.nanoTime();
        GatewayFuzzResult[] out = new GatewayFuzzResult[1];
        List<String> findings = new ArrayList<>();
        long[] counts = new long[3];
        guarded(new HangGuard(Duration.ofDays(1)), name, findings, counts, g -> out[0] = run.run());
        GatewayFuzzResult r = out[0];
        if (r == null) {
            return new TargetResult(name, 0, 0, 0, 0L, 0L, 0L, counts[2], 0, seconds(t0), findings);
        }
        findings.addAll(r.findings());
        return new TargetResult(name, r.inputs(), r.accepted(), r.rejected(), r.deadLettered(), r.validSent(),
                r.validDelivered(), r.crashes(), r.hangs(), seconds(t0), findings);
    }

    /** Upper bound of the heap used so far: the sum of the heap pools' peaks. */
    public static long peakHeapBytes() {
        return HangGuard.peakHeapBytes();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void note(List<String> findings, String finding) {
        if (findings.size() < MAX_FINDINGS) {
            findings.add(finding);
        }
    }
}
