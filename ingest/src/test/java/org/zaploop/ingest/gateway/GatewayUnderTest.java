package org.zaploop.ingest.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.zaploop.testsupport.InJvmKafka;

/**
 * A test class's broker and gateway: an in-JVM KRaft broker with the catalogue's topics and a gateway on loopback
 * in front of it, started before the class's tests and closed after them. Register it as a static field:
 * {@code @RegisterExtension static final GatewayUnderTest env = new GatewayUnderTest(c -> c.withToken(T));}.
 */
final class GatewayUnderTest implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<GatewayConfig> config;
    private final UnaryOperator<Gateway> started;
    private Path dir;
    private InJvmKafka kafka;
    private Gateway gateway;

    /** A gateway with {@code config} applied to the loopback defaults. */
    GatewayUnderTest(UnaryOperator<GatewayConfig> config) {
        this(config, g -> g);
    }

    /** The same, and {@code started} applied to the gateway once it runs (e.g. to bind meters). */
    GatewayUnderTest(UnaryOperator<GatewayConfig> config, UnaryOperator<Gateway> started) {
        this.config = config;
        this.started = started;
    }

    InJvmKafka kafka() {
        return kafka;
    }

    Gateway gateway() {
        return gateway;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("zl-gateway-test");
        kafka = InJvmKafka.start(dir);
        gateway = started.apply(Gateway.start(config.apply(GatewayConfig.loopback(kafka.bootstrap()))));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (!Files.exists(dir)) {
            return; // the broker removed its own directory
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover in the temp directory is harmless
                }
            });
        }
    }
}
