package org.zaploop.launcher.status;

import java.util.List;
import java.util.Map;
import org.zaploop.launcher.components.Component;
import org.zaploop.protocol.topics.TopicCatalogue;

/** Renders the demo's one-line status: elapsed time, what flows through the main topics, and each component's figures. */
public final class StatusLine {

    private static final Map<String, String> SHORT = Map.of(
            TopicCatalogue.PLANES.name(), "planes",
            TopicCatalogue.EPHYS.name(), "ephys",
            TopicCatalogue.TRACES.name(), "traces",
            TopicCatalogue.BEHAVIOR.name(), "behav",
            TopicCatalogue.FORECASTS.name(), "fcast",
            TopicCatalogue.STIMULUS_COMMANDS.name(), "cmds",
            TopicCatalogue.DLQ.name(), "dlq");

    private static final List<String> ORDER = List.of(TopicCatalogue.PLANES.name(), TopicCatalogue.EPHYS.name(),
            TopicCatalogue.TRACES.name(), TopicCatalogue.BEHAVIOR.name(), TopicCatalogue.FORECASTS.name(),
            TopicCatalogue.STIMULUS_COMMANDS.name());

    public String render(double elapsedSeconds, TopicFlow.Snapshot flow, List<Component> components) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("[%6.0fs]", elapsedSeconds));
        for (String topic : ORDER) {
            b.append(' ').append(SHORT.get(topic)).append(' ').append(flow.delta().getOrDefault(topic, 0L)).append("/s");
        }
        b.append(" · dlq ").append(flow.total().getOrDefault(TopicCatalogue.DLQ.name(), 0L));
        for (Component c : components) {
            Map<String, Object> st = c.statusLine();
            if (!st.isEmpty()) {
                b.append(" · ").append(c.name());
                st.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            }
        }
        return b.toString();
    }
}
