package org.zaploop.launcher.components;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.zaploop.controller.ControllerConfig;
import org.zaploop.controller.ControllerService;

/**
 * The stimulus controller as a component: by default the optomotor policy on the session, behind the safety
 * envelope, with its manual-stop endpoint on a free loopback port (the token is announced once).
 */
public final class ControllerComponent implements Component {

    private final ControllerConfig config;
    private final ComponentContext ctx;
    private final Consumer<String> announce;
    private ControllerService service;
    private ObjLongConsumer<String> stages = (s, ns) -> { };
    private java.nio.file.Path controlDir;

    public ControllerComponent(ComponentContext ctx, ControllerConfig config, Consumer<String> announce) {
        this.ctx = ctx;
        this.config = config;
        this.announce = announce;
    }

    /**
     * The demo's controller: optomotor policy, default limits, control endpoint on any free port, announced in the
     * session's control file (so {@code zaploop stimulate --session S} finds it).
     */
    public static ControllerComponent standard(ComponentContext ctx, Consumer<String> announce) {
        return new ControllerComponent(ctx, ControllerConfig.defaults(ctx.bootstrap(), ctx.session()).withHttp(0, null),
                announce).publishControlFile(org.zaploop.controller.http.ControlFile.defaultDir());
    }

    /** Before {@link #start}: write the endpoint and token to the session's control file in {@code dir}. */
    public ControllerComponent publishControlFile(java.nio.file.Path dir) {
        this.controlDir = dir;
        return this;
    }

    /** Before {@link #start}: who is told the controller's stage latencies (the loop benchmark's breakdown). */
    public ControllerComponent observeStages(ObjLongConsumer<String> observer) {
        this.stages = observer;
        return this;
    }

    @Override
    public String name() {
        return "controller";
    }

    @Override
    public void start() {
        ControllerService s = new ControllerService(config, ctx.meters(), announce).observeStages(stages);
        if (controlDir != null) {
            s.publishControlFile(controlDir);
        }
        service = s.start();
    }

    @Override
    public Map<String, Object> status() {
        return service == null ? Map.of() : service.status();
    }

    @Override
    public Map<String, Object> statusLine() {
        Map<String, Object> all = status();
        Map<String, Object> line = new LinkedHashMap<>();
        for (String k : new String[] {"stimulus", "decisions", "refusals", "latencyP99Ms", "inputAgeMs", "stopped"}) {
            Object v = all.get(k);
            if (v != null && !(v instanceof Map<?, ?> m && m.isEmpty()) && !Boolean.FALSE.equals(v)) {
                line.put(k, v);
            }
        }
        return line;
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
    }
}
