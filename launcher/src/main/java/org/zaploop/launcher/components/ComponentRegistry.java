package org.zaploop.launcher.components;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every component the launcher can run, in the order the demo starts them (sources first, so that
 * downstream stages find data when they come up). A module's component joins here once it works.
 */
public final class ComponentRegistry {

    private final Map<String, Function<ComponentContext, Component>> factories = new LinkedHashMap<>();
    private final java.util.Set<String> inDemo = new java.util.LinkedHashSet<>();

    /** The components of this build, with the ones the demo starts: the closed loop on the virtual fish. */
    public static ComponentRegistry standard() {
        return new ComponentRegistry()
                .register("fish", true, FishComponent::new)
                .register("imaging", true, ctx -> new StreamsComponent("imaging", ctx,
                        org.zaploop.processors.imaging.topology.ImagingRunner::new, "frames", "partialFrames", "traceBlocks"))
                .register("behavior", true, BehaviorComponent::new)
                .register("forecast", true, ctx -> new StreamsComponent("forecast", ctx,
                        org.zaploop.processors.forecast.topology.ForecastRunner::new, "traceBlocks", "forecasts", "mae1", "mae32"))
                .register("controller", true, ctx -> ControllerComponent.standard(ctx, line ->
                        org.slf4j.LoggerFactory.getLogger(ControllerComponent.class).info("{}", line)))
                .register("twin", true, TwinComponent::new)
                .register("recorder", false, RecorderComponent::new)
                .register("gateway", false, GatewayComponent::fromEnvironment)
                .register("view", false, LiveViewComponent::fromEnvironment);
    }

    /**
     * @param demo whether {@code zaploop demo} starts it (the others run with {@code zaploop run NAME} or a demo flag)
     */
    public ComponentRegistry register(String name, boolean demo, Function<ComponentContext, Component> factory) {
        if (factories.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("component '" + name + "' registered twice");
        }
        if (demo) {
            inDemo.add(name);
        }
        return this;
    }

    /** Every component, in start order. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** The components the demo starts, in start order. */
    public List<String> demoNames() {
        return List.copyOf(inDemo);
    }

    public Component create(String name, ComponentContext context) {
        Function<ComponentContext, Component> f = factories.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown component '" + name + "'; this build has: "
                    + (factories.isEmpty() ? "(none yet)" : String.join(", ", factories.keySet())));
        }
        return f.apply(context);
    }
}
