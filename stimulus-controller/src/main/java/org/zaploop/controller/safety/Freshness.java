package org.zaploop.controller.safety;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The staleness guard: the acquisition time of the newest input of each kind, and whether the inputs a policy
 * needs are recent enough to act on ({@code now − acquisitionNs ≤} the kind's maximum age). Before the first
 * input of a kind it is stale: the controller never acts without data. Reads and writes no topic.
 */
public final class Freshness {

    private final SafetyLimits limits;
    private final Map<InputKind, Long> newest = new EnumMap<>(InputKind.class);

    public Freshness(SafetyLimits limits) {
        this.limits = limits;
    }

    public void seen(InputKind kind, long acquisitionNs) {
        newest.merge(kind, acquisitionNs, Math::max);
    }

    public long maxAgeNs(InputKind kind) {
        return (kind == InputKind.BEHAVIOR ? limits.maxBehaviorAgeMs() : limits.maxFrameAgeMs()) * 1_000_000L;
    }

    /** Acquisition time of the newest input of this kind, or -1 before the first. */
    public long newest(InputKind kind) {
        return newest.getOrDefault(kind, -1L);
    }

    /** Why the inputs in {@code needed} are too old to act on at {@code nowNs}, or null when they are fresh. */
    public String staleReason(Set<InputKind> needed, long nowNs) {
        for (InputKind k : needed) {
            Long t = newest.get(k);
            if (t == null) {
                return "no " + name(k) + " input yet";
            }
            if (nowNs - t > maxAgeNs(k)) {
                return "newest " + name(k) + " input is " + (nowNs - t) / 1_000_000 + " ms old, limit "
                        + maxAgeNs(k) / 1_000_000 + " ms";
            }
        }
        return null;
    }

    /** Why this one input is too old to act on, or null. */
    public String staleReason(InputKind kind, long acquisitionNs, long nowNs) {
        long age = nowNs - acquisitionNs;
        return age > maxAgeNs(kind) ? name(kind) + " input is " + age / 1_000_000 + " ms old, limit "
                + maxAgeNs(kind) / 1_000_000 + " ms" : null;
    }

    private static String name(InputKind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT);
    }
}
