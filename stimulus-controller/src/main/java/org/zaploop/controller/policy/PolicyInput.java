package org.zaploop.controller.policy;

import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.TraceBlock;

/** One input handed to a {@link Policy}: a record with where it came from, or a tick of the clock. */
public sealed interface PolicyInput {

    /** The acquisition time of the data (for a tick: the time of the tick). */
    long acquisitionNs();

    /** A behaviour record from {@code zl.behavior}. */
    record BehaviorInput(Behavior behavior, InputRef ref) implements PolicyInput {
        public long acquisitionNs() {
            return behavior.acquisitionNs();
        }
    }

    /** A trace block from {@code zl.traces}. */
    record TraceInput(TraceBlock traces, InputRef ref) implements PolicyInput {
        public long acquisitionNs() {
            return traces.acquisitionNs();
        }
    }

    /** A forecast block from {@code zl.forecasts}. */
    record ForecastInput(ForecastBlock forecast, InputRef ref) implements PolicyInput {
        public long acquisitionNs() {
            return forecast.acquisitionNs();
        }
    }

    /** The clock, every few tens of ms, for time-driven (open-loop) policies. */
    record Tick(long nowNs) implements PolicyInput {
        public long acquisitionNs() {
            return nowNs;
        }
    }
}
