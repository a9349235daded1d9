package org.zaploop.launcher.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zaploop.ingest.gateway.GatewayConfig;
import org.zaploop.launcher.broker.EmbeddedBroker;
import org.zaploop.protocol.topics.TopicCatalogue;
import org.zaploop.protocol.topics.TopicProvisioner;

/**
 * The rig gateway, the live view and the controller's control endpoint, started with their default bind address,
 * listen on loopback only: each port answers on 127.0.0.1 and refuses the connection on every other address of this
 * machine.
 */
class LoopbackByDefaultTest {

    @TempDir
    Path dir;

    @Test
    void gatewayLiveViewAndControlEndpointBindToLoopback() throws Exception {
        List<InetAddress> others = otherAddresses();
        Assumptions.assumeFalse(others.isEmpty(), "this machine has no address besides loopback to try");
        assertEquals("127.0.0.1", GatewayConfig.DEFAULT_BIND_HOST);
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), 0)) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                new TopicProvisioner(admin, (short) 1, 30_000).provision(TopicCatalogue.ALL);
            }
            ComponentContext ctx = new ComponentContext(broker.bootstrapServers(), "bind-test", "small",
                    dir.resolve("work"), new SimpleMeterRegistry());
            try (GatewayComponent gateway = new GatewayComponent(ctx, GatewayConfig.loopback(broker.bootstrapServers())
                    .withBind(GatewayComponent.DEFAULT_HOST, 0));
                 LiveViewComponent view = new LiveViewComponent(ctx, LiveViewComponent.DEFAULT_HOST, 0);
                 ControllerComponent controller = ControllerComponent.standard(ctx, line -> { })) {
                gateway.start();
                view.start();
                controller.start();
                Map<String, Integer> ports = Map.of(
                        "gateway", Integer.parseInt(((String) gateway.status().get("listening")).split(":")[1]),
                        "live view", URI.create(view.url()).getPort(),
                        "control endpoint", URI.create((String) controller.status().get("stopUrl")).getPort());
                for (Map.Entry<String, Integer> e : ports.entrySet()) {
                    int port = e.getValue();
                    assertTrue(port > 0, e.getKey());
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                    }
                    for (InetAddress other : others) {
                        assertThrows(ConnectException.class, () -> {
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress(other, port), 5_000);
                            }
                        }, e.getKey() + " must not be reachable on " + other.getHostAddress() + ":" + port);
                    }
                }
            }
        }
    }

    private static List<InetAddress> otherAddresses() throws Exception {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }
}
