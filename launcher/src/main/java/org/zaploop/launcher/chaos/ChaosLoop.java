package org.zaploop.launcher.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.launcher.components.Component;
import org.zaploop.launcher.components.ComponentContext;
import org.zaploop.launcher.components.ComponentRegistry;
import org.zaploop.launcher.components.ControllerComponent;
import org.zaploop.launcher.components.FishComponent;
import org.zaploop.sim.fish.FishGeometry;

/**
 * The demo's closed loop as a chaos scenario runs it: the virtual fish (of a given geometry) as the rig, the
 * processors the demo starts, and the controller (optomotor policy, default safety limits, control endpoint on a
 * free port, no control file). Components are the demo's own; they talk through the topics of the catalogue.
 */
final class ChaosLoop implements AutoCloseable {

    private final Map<String, Component> components = new LinkedHashMap<>();

    private ChaosLoop() {
    }

    /** Starts {@code names} in order (sources first); closes what started if one fails. */
    static ChaosLoop start(ComponentContext ctx, FishGeometry geometry, List<String> names) {
        ChaosLoop loop = new ChaosLoop();
        ComponentRegistry registry = ComponentRegistry.standard();
        try {
            for (String name : names) {
                Component c = switch (name) {
                    case "fish" -> new FishComponent(ctx, geometry, 1.0);
                    case "controller" -> new ControllerComponent(ctx,
                            ControllerConfig.defaults(ctx.bootstrap(), ctx.session()).withHttp(0, null), line -> { });
                    default -> registry.create(name, ctx);
                };
                c.start();
                loop.components.put(name, c);
            }
        } catch (RuntimeException e) {
            loop.close();
            throw e;
        }
        return loop;
    }

    Component get(String name) {
        return components.get(name);
    }

    Map<String, Component> all() {
        return components;
    }

    /**
     * Why a component is not working ("failed: …", "state PENDING_ERROR", "inputs not alive"), or null when it
     * works, judged from its own status.
     */
    static String trouble(Component c) {
        Map<String, Object> s = c.status();
        for (String key : List.of("failed", "failure")) {
            if (s.get(key) != null) {
                return key + ": " + s.get(key);
            }
        }
        Object state = s.get("state");
        if (state != null && !"RUNNING".equals(state)) {
            return "state " + state;
        }
        if (Boolean.FALSE.equals(s.get("running"))) {
            return "not running";
        }
        return null;
    }

    /** The stacks of this process's Kafka Streams threads, to show where a component that stays silent waits. */
    static String streamThreads() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().contains("StreamThread")) {
                b.append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    b.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        return b.length() == 0 ? "(no stream threads)" : b.toString();
    }

    /** How many commands the controller component has issued (its status's {@code byDecision.ISSUED}). */
    static long issued(Component controller) {
        return controller.status().get("byDecision") instanceof Map<?, ?> m && m.get("ISSUED") instanceof Number n
                ? n.longValue() : 0;
    }

    @Override
    public void close() {
        List<Component> reverse = new ArrayList<>(components.values());
        java.util.Collections.reverse(reverse);
        for (Component c : reverse) {
            try {
                c.close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ChaosLoop.class).warn("Closing {} failed: {}", c.name(),
                        e.getMessage());
            }
        }
        components.clear();
    }
}
