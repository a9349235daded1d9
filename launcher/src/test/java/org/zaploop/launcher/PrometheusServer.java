package org.zaploop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the Debian package's {@code /usr/bin/prometheus}) run by a test: scrapes one target
 * every second, evaluates the given rule files every second, keeps its data in a temporary directory and
 * listens on a free loopback port. {@link #query} runs an instant query through the HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

    /** Where Debian (and .ci/run) installs it. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The answer to one instant query: the API's status, its error if any, and how many series it returned. */
    public record Answer(String status, String error, int series, String body) {
        public boolean hasData() {
            return "success".equals(status) && series > 0;
        }

        @Override
        public String toString() {
            return !"success".equals(status) ? status + ": " + error
                    : series == 0 ? "success, but no series" : "success, " + series + " series";
        }
    }

    /**
     * Writes a config scraping {@code target} (host:port) every second and starts Prometheus on it.
     *
     * @param ruleFiles absolute paths (or globs) of rule files to load
     */
    public static PrometheusServer start(Path dir, String target, List<Path> ruleFiles) {
        try {
            Files.createDirectories(dir);
            StringBuilder cfg = new StringBuilder()
                    .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n")
                    .append("rule_files:\n");
            for (Path r : ruleFiles) {
                cfg.append("  - \"").append(r.toAbsolutePath()).append("\"\n");
            }
            cfg.append("scrape_configs:\n  - job_name: zaploop\n    static_configs:\n      - targets: [\"")
                    .append(target).append("\"]\n");
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, cfg);
            int port = freePort();
            Path log = dir.resolve("prometheus.log");
            Process p = new ProcessBuilder(BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new PrometheusServer(p, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + BINARY, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether the server answers {@code /-/ready} (false while it starts, or when it has died). */
    public boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + logTail());
        }
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(base() + "/-/ready")).timeout(Duration.ofSeconds(2)).build();
            return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs an instant query (at the server's now). */
    public Answer query(String promql) {
        String url = base() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            JsonNode result = body.path("data").path("result");
            return new Answer(body.path("status").asText("http " + r.statusCode()), body.path("error").asText(null),
                    result.isArray() ? result.size() : 0, r.body());
        } catch (IOException e) {
            return new Answer("unreachable", e.toString(), 0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer("interrupted", e.toString(), 0, "");
        }
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The last lines Prometheus logged, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(nothing logged at level warn)"
                    : String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
