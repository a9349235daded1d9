package org.zaploop.processors.behavior.fastpath;

import java.util.Map;
import java.util.Set;

/**
 * How the {@link BehaviorFastPath} runs.
 *
 * @param groupId          consumer group (instances of one group share the ephys partitions)
 * @param acks             producer acknowledgement: {@code 1} (leader only; the default, fastest) or {@code all}
 *                         (every in-sync replica; idempotent, survives a leader failover without loss)
 * @param pollMs           longest wait of one {@code poll} when no block arrives (a poll returns as soon as one does)
 * @param fetchMaxWaitMs   how long the broker may hold a fetch that has no data yet; it answers at once when a
 *                         block arrives, so this bounds idle round trips, not latency
 * @param commitIntervalMs how often processed offsets are committed (only once every record sent so far is
 *                         acknowledged: at-least-once)
 * @param overrides        client properties that win over every default (consumer and producer alike, e.g.
 *                         {@code max.poll.records})
 */
public record FastPathConfig(String groupId, String acks, int pollMs, int fetchMaxWaitMs, int commitIntervalMs,
                             Map<String, String> overrides) {

    private static final Set<String> ACKS = Set.of("1", "all", "-1");

    public FastPathConfig {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId is required");
        }
        if (!ACKS.contains(acks)) {
            throw new IllegalArgumentException("acks must be 1 or all, not '" + acks + "'");
        }
        if (pollMs < 1 || fetchMaxWaitMs < 0 || commitIntervalMs < 1) {
            throw new IllegalArgumentException("pollMs and commitIntervalMs must be >= 1, fetchMaxWaitMs >= 0");
        }
        overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
    }

    /** The live loop's settings: acks=1, poll 100 ms, fetch wait 100 ms, commit every 100 ms. */
    public static FastPathConfig defaults() {
        return new FastPathConfig("zaploop-behavior-fast", "1", 100, 100, 100, Map.of());
    }

    public FastPathConfig withAcks(String a) {
        return new FastPathConfig(groupId, a, pollMs, fetchMaxWaitMs, commitIntervalMs, overrides);
    }

    public FastPathConfig withGroupId(String g) {
        return new FastPathConfig(g, acks, pollMs, fetchMaxWaitMs, commitIntervalMs, overrides);
    }
}
