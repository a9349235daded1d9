package org.zaploop.launcher.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.zaploop.launcher.metrics.MetricsServer;
import picocli.CommandLine.Option;

/** Where this process serves its metrics for Prometheus. */
public final class MetricsOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9400",
            description = "Serve Prometheus metrics on http://HOST:PORT/metrics (default: ${DEFAULT-VALUE}; 0 = any free port; -1 = off).")
    int port;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the metrics endpoint binds to (default: ${DEFAULT-VALUE}, loopback only).")
    String host;

    /** Starts the endpoint, or returns null when switched off. */
    public MetricsServer start(PrometheusMeterRegistry registry) {
        return port < 0 ? null : MetricsServer.start(host, port, registry);
    }
}
