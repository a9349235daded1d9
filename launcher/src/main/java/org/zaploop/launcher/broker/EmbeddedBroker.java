package org.zaploop.launcher.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM, with its
 * data under one directory. It is the same server code as a production Kafka ({@code kafka.server.KafkaRaftServer}),
 * formatted with Kafka's own storage tool; nothing is faked.
 *
 * <p>The first start formats the directory and remembers the ports and cluster id in
 * {@code zaploop-broker.properties}; later starts on the same directory reuse them, so the topics and
 * records of earlier runs are still there.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String STATE_FILE = "zaploop-broker.properties";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private KafkaRaftServer server;

    private EmbeddedBroker(Path dataDir, int port, int controllerPort, String clusterId) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
    }

    /**
     * Starts a broker on {@code dataDir}, formatting it on first use.
     *
     * @param dataDir where the log segments and metadata live
     * @param port    the client port (0: a free one on first start, then the remembered one)
     */
    public static EmbeddedBroker start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            Properties state = loadState(dataDir);
            int clientPort = Integer.parseInt(state.getProperty("port", "-1"));
            int ctrlPort = Integer.parseInt(state.getProperty("controller.port", "-1"));
            String clusterId = state.getProperty("cluster.id");
            boolean fresh = clusterId == null;
            if (fresh) {
                clusterId = Uuid.randomUuid().toString();
            }
            if (port > 0) {
                clientPort = port;
            }
            if (clientPort <= 0) {
                clientPort = freePort();
            }
            if (ctrlPort <= 0 || ctrlPort == clientPort) {
                ctrlPort = freePort(clientPort);
            }
            ensureFree(clientPort, "client");
            ensureFree(ctrlPort, "controller");
            EmbeddedBroker broker = new EmbeddedBroker(dataDir, clientPort, ctrlPort, clusterId);
            broker.run(fresh);
            state.setProperty("port", String.valueOf(clientPort));
            state.setProperty("controller.port", String.valueOf(ctrlPort));
            state.setProperty("cluster.id", clusterId);
            saveState(dataDir, state);
            return broker;
        } catch (IOException e) {
            throw new BrokerException("could not prepare the broker's data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void run(boolean fresh) throws IOException {
        Path config = dataDir.resolve("server.properties");
        Properties props = serverProperties();
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(w, "written by zaploop; edit zaploop-broker.properties or use --bootstrap for another cluster");
        }
        if (fresh || !Files.exists(logDir().resolve("meta.properties"))) {
            format(config);
        }
        long t0 = System.nanoTime();
        server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        log.info("Kafka broker up at {} in {} ms (data in {})", bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000, dataDir);
    }

    private void format(Path config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool$.MODULE$.execute(new String[] {"format", "--cluster-id", clusterId,
                "--config", config.toString(), "--ignore-formatted"}, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new BrokerException("Kafka's storage tool could not format " + logDir() + ": "
                    + out.toString(StandardCharsets.UTF_8).trim(), null);
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        String host = "127.0.0.1";
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir().toString());
        // One node: every internal topic must live with a single replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "6");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("default.replication.factor", "1");
        // Topics come from the catalogue, never from a typo in a producer.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Full-size planes are 5.4 MB; the planes topic raises its own limit to 8 MiB, the broker allows 9 MiB.
        p.setProperty("message.max.bytes", String.valueOf(9 * 1024 * 1024));
        p.setProperty("replica.fetch.max.bytes", String.valueOf(10 * 1024 * 1024));
        // At ZAPBench scale planes arrive at 428 MB/s: Kafka's default retention check (5 min) and delete delay (1 min)
        // would let the disk fill with 150 GB beyond the planes topic's 24 GB retention before anything is removed
        // (a 160 s full-scale bench filled this machine's disk with the old 60 s check). Checked every 15 s and
        // deleted 5 s later, the planes stay below 24 GB + 10 GB.
        p.setProperty("log.retention.check.interval.ms", "15000");
        p.setProperty("log.segment.delete.delay.ms", "5000");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        return p;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String clusterId() {
        return clusterId;
    }

    private Path logDir() {
        return dataDir.resolve("kraft");
    }

    /** Stops the broker and waits until its files are closed, so the directory can be reopened. */
    @Override
    public synchronized void close() {
        if (server != null) {
            log.info("Stopping the Kafka broker at {}", bootstrapServers());
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private static Properties loadState(Path dataDir) throws IOException {
        Properties p = new Properties();
        Path f = dataDir.resolve(STATE_FILE);
        if (Files.exists(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    private static void saveState(Path dataDir, Properties state) throws IOException {
        Path tmp = dataDir.resolve(STATE_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            state.store(w, "ports and cluster id of the embedded broker in this directory");
        }
        Files.move(tmp, dataDir.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static int freePort(int... avoid) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (avoid.length == 0 || p != avoid[0]) {
                    return p;
                }
            }
        }
        throw new IOException("no free loopback port found");
    }

    private static void ensureFree(int port, String role) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            throw new BrokerException("port " + port + " (" + role + ") is already in use on 127.0.0.1: is another "
                    + "zaploop broker running? Use --bootstrap 127.0.0.1:" + port + " to join it, or --port for another port", null);
        } catch (IOException free) {
            // nobody listening: what we want
        }
    }
}
