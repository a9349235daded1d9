package org.zaploop.launcher.components;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.zaploop.processors.streams.StreamsRunner;

/**
 * A Kafka Streams processor (behaviour, forecasting …) as a component. Its status line keeps the figures that
 * say whether it works: records in and out, dead letters and the stream's state.
 */
public final class StreamsComponent implements Component {

    private final String name;
    private final ComponentContext ctx;
    private final Supplier<StreamsRunner> factory;
    private final java.util.List<String> lineKeys;
    private StreamsRunner runner;

    /**
     * @param lineKeys the status keys shown in the demo's status line (the state is shown only when not RUNNING)
     */
    public StreamsComponent(String name, ComponentContext ctx, Supplier<StreamsRunner> factory, String... lineKeys) {
        this.name = name;
        this.ctx = ctx;
        this.factory = factory;
        this.lineKeys = java.util.List.of(lineKeys);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        runner = factory.get();
        runner.start(ctx.bootstrap(), ctx.meters());
    }

    @Override
    public Map<String, Object> status() {
        return runner == null ? Map.of() : new LinkedHashMap<>(runner.status());
    }

    @Override
    public Map<String, Object> statusLine() {
        Map<String, Object> all = status();
        Map<String, Object> line = new LinkedHashMap<>();
        Object state = all.get("state");
        if (state != null && !"RUNNING".equals(state)) {
            line.put("state", state);
        }
        for (String k : lineKeys) {
            if (all.containsKey(k)) {
                line.put(k, all.get(k));
            }
        }
        if (all.containsKey("failure")) {
            line.put("failure", all.get("failure"));
        }
        return line;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
    }
}
