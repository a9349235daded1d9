package org.zaploop.launcher.components;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.behavior.fastpath.BehaviorFastPath;
import org.zaploop.processors.behavior.fastpath.FastPathConfig;

/**
 * The behaviour processor of the live loop (zl.ephys.blocks → zl.behavior) as a component: the plain-consumer
 * {@link BehaviorFastPath}, at-least-once with {@code acks=1} by default. Its status line shows blocks, bouts and
 * gaps, and its state only when it is not running.
 */
public final class BehaviorComponent implements Component {

    private final ComponentContext ctx;
    private final FastPathConfig config;
    private final ObjLongConsumer<String> stages;
    private BehaviorFastPath path;

    public BehaviorComponent(ComponentContext ctx) {
        this(ctx, FastPathConfig.defaults(), (s, ns) -> { });
    }

    /** @param stages told each block's stage latencies (the loop benchmark's breakdown) */
    public BehaviorComponent(ComponentContext ctx, FastPathConfig config, ObjLongConsumer<String> stages) {
        this.ctx = ctx;
        this.config = config;
        this.stages = stages;
    }

    @Override
    public String name() {
        return "behavior";
    }

    @Override
    public void start() {
        io.micrometer.core.instrument.Timer latency = io.micrometer.core.instrument.Timer
                .builder("zaploop.stage.latency").description("time from the acquisition of the data to the end of the stage")
                .tags("stage", "behavior", "data", "ephys").publishPercentileHistogram().register(ctx.meters());
        ObjLongConsumer<String> observed = (stage, ns) -> {
            if (stage.equals(BehaviorFastPath.STAGE_OUT)) {
                latency.record(ns, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            stages.accept(stage, ns);
        };
        path = new BehaviorFastPath(config, SwimConfig.defaults(), observed).start(ctx.bootstrap(), ctx.meters());
    }

    /** Whether the consumer group has assigned the ephys partitions. */
    public boolean assigned() {
        return path != null && path.assigned();
    }

    @Override
    public Map<String, Object> status() {
        return path == null ? Map.of() : path.status();
    }

    @Override
    public Map<String, Object> statusLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        status().forEach((k, v) -> {
            if (shown(k, v)) {
                line.put(k, v);
            }
        });
        return line;
    }

    /** Blocks and bouts always; the state only when not running; error counters only when not zero. */
    private static boolean shown(String key, Object value) {
        return switch (key) {
            case "blocks", "bouts", "failure" -> true;
            case "state" -> !"RUNNING".equals(value);
            case "gaps", "deadLetters", "sendErrors" -> value instanceof Number n && n.longValue() != 0;
            default -> false;
        };
    }

    @Override
    public void close() {
        if (path != null) {
            path.close();
        }
    }
}
