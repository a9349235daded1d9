package org.zaploop.processors.behavior.topology;

import java.util.Map;

import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.streams.RunnerConfig;
import org.zaploop.processors.streams.StreamsRunner;

/**
 * Runs {@link BehaviorTopology} (zl.ephys.blocks → zl.behavior, DLQ) as its own Streams application, by default on
 * the fast path ({@code at_least_once}, {@code linger.ms=0}), application id {@code zaploop-behavior}.
 * {@code status()} adds the topology's counters.
 */
public final class BehaviorRunner extends StreamsRunner {

    private final BehaviorCounters counters;

    public BehaviorRunner() {
        this(RunnerConfig.fast("zaploop-behavior"), SwimConfig.defaults());
    }

    public BehaviorRunner(RunnerConfig config, SwimConfig swim) {
        this(config, swim, new BehaviorCounters());
    }

    private BehaviorRunner(RunnerConfig config, SwimConfig swim, BehaviorCounters counters) {
        super("behavior", b -> BehaviorTopology.addTo(b, swim, counters), config);
        this.counters = counters;
    }

    public BehaviorCounters counters() {
        return counters;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = super.status();
        m.putAll(counters.snapshot());
        return m;
    }
}
