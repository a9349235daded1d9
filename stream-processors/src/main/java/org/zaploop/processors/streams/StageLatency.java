package org.zaploop.processors.streams;

import java.util.function.LongConsumer;

/**
 * Where a processor reports how old its data is when a stage is done (now − acquisition time, ns). Until the
 * runner binds it to a meter it goes nowhere, so the science and the topology tests need no meter registry.
 */
public final class StageLatency {

    private volatile LongConsumer sink = ns -> { };

    /** @param ageNs time since the acquisition of the data the stage just finished with */
    public void record(long ageNs) {
        sink.accept(Math.max(0, ageNs));
    }

    public void bind(LongConsumer to) {
        sink = to;
    }
}
