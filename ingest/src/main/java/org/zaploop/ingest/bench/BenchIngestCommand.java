package org.zaploop.ingest.bench;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zaploop bench ingest}: rig → gateway → Kafka throughput with full-size ZAPBench planes, against the
 * real-time rate of a ZAPBench rig (72 planes of 2048 × 1328 uint16 every 0.9141 s ≈ 428 MB/s). Prints a table,
 * or one JSON object with {@code --json}. Exit codes: 0 measured, 1 the run failed, 2 usage (no Kafka given).
 *
 * <p>It needs a Kafka: {@code --bootstrap}, or an embedded broker the launcher wires in through
 * {@link #BenchIngestCommand(EmbeddedKafka)} (used when {@code --bootstrap} is absent).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Rig gateway throughput: full-size planes over WebSockets into Kafka, vs ZAPBench real time.")
public final class BenchIngestCommand implements Callable<Integer> {

    /** Starts a broker for one run; the launcher supplies its embedded broker. */
    @FunctionalInterface
    public interface EmbeddedKafka {
        Broker start() throws Exception;
    }

    /** A running broker; closing stops it. */
    public interface Broker extends AutoCloseable {
        String bootstrap();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scale", defaultValue = "full", paramLabel = "full|small",
            description = "Plane size: full (2048 × 1328 × 72, ZAPBench) or small (512 × 332 × 24). Default: ${DEFAULT-VALUE}.")
    String scale;

    @Option(names = "--seconds", defaultValue = "60", description = "Measured seconds. Default: ${DEFAULT-VALUE}.")
    int seconds;

    /**
     * Full planes fill the broker's page cache at hundreds of MB/s. On a virtual machine whose memory the host backs
     * only when first touched (this one), every new page-cache page is expensive until the cache has filled memory
     * once and pages are recycled: measured here, 0.73 × real time in the first minute, 1.43 × from 100 s on.
     */
    static final int FULL_SCALE_WARMUP_S = 100;

    @Option(names = "--warmup", description = "Seconds streamed before measuring. Default: " + FULL_SCALE_WARMUP_S
            + " at full scale (until the broker's page cache has filled memory once), 5 at small.")
    Integer warmup;

    @Option(names = "--connections", defaultValue = "2", description = "Rig sockets. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--max-in-flight-mb", defaultValue = "64",
            description = "Gateway back-pressure limit, MiB. Default: ${DEFAULT-VALUE}.")
    long maxInFlightMb;

    @Option(names = "--plane-producers", defaultValue = "4",
            description = "Gateway producers (broker connections) the planes are spread over. Default: ${DEFAULT-VALUE}.")
    int planeProducers;

    @Option(names = "--masked", description = "Clients mask their frames as browsers must (default: unmasked, accepted by the gateway).")
    boolean masked;

    @Option(names = "--producer", paramLabel = "KEY=VALUE",
            description = "Extra Kafka producer setting for the gateway, for tuning (repeatable).")
    java.util.Map<String, String> producer = new java.util.HashMap<>();

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka to use (required unless an embedded broker is wired in).")
    String bootstrap;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    private final EmbeddedKafka embedded;

    /** Requires {@code --bootstrap}. */
    public BenchIngestCommand() {
        this(null);
    }

    /** Starts {@code embedded} for the run when {@code --bootstrap} is absent. */
    public BenchIngestCommand(EmbeddedKafka embedded) {
        this.embedded = embedded;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!scale.equals("full") && !scale.equals("small")) {
            err.println("--scale must be 'full' or 'small', got '" + scale + "'");
            return 2;
        }
        if (bootstrap == null && embedded == null) {
            err.println("--bootstrap HOST:PORT is required: this command has no embedded broker wired in");
            return 2;
        }
        Broker broker = null;
        try {
            String kafka = bootstrap;
            if (kafka == null) {
                broker = embedded.start();
                kafka = broker.bootstrap();
            }
            int warm = warmup != null ? warmup : scale.equals("full") ? FULL_SCALE_WARMUP_S : 5;
            BenchResult r = IngestBench.run(new BenchConfig(kafka, scale, seconds, warm, connections,
                    maxInFlightMb * 1024 * 1024, !masked, producer, planeProducers));
            out.println(json ? r.toJson().encode() : r.table());
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("ingest benchmark failed: " + e.getMessage());
            return 1;
        } finally {
            if (broker != null) {
                try {
                    broker.close();
                } catch (Exception e) {
                    err.println("could not stop the broker: " + e.getMessage());
                }
            }
        }
    }
}
