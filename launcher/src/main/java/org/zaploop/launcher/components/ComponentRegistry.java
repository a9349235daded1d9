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

    /** The components of this build. */
    public static ComponentRegistry standard() {
        return new ComponentRegistry()
                .register("fish", FishComponent::new);
    }

    public ComponentRegistry register(String name, Function<ComponentContext, Component> factory) {
        if (factories.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("component '" + name + "' registered twice");
        }
        return this;
    }

    public List<String> names() {
        return List.copyOf(factories.keySet());
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
