package org.zaploop.processors.forecast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import org.zaploop.protocol.Keys;
import org.zaploop.protocol.records.TraceBlock;

/**
 * A session that stopped before a restart (or a rebalance) is retired by the successor in time: its frames in the
 * restored store count as seen at the restart, so they are not held for good.
 */
class ForecastRetirementAfterRestartTest {

    @Test
    void aSessionThatStoppedBeforeARestartIsStillRetired() {
        ForecastConfig config = new ForecastConfig(4, 8, List.of("mean", "condmean", "linear"), 4, 16)
                .withRetireAfterMs(60_000);
        MockProcessorContext<String, Object> ctx = new MockProcessorContext<>();
        ctx.setCurrentSystemTimeMs(1_000);
        KeyValueStore<String, byte[]> store = store(ctx, ForecastTopology.CONTEXT_STORE);
        store(ctx, ForecastTopology.CONDITION_STORE);
        ForecastProcessor before = new ForecastProcessor(config, new ForecastCounters());
        before.init(ctx);
        for (int f = 0; f < 20; f++) {
            for (int blk = 0; blk < 3; blk++) {
                TraceBlock tb = new TraceBlock("fish-a", f, blk, 4 * blk, 1_000_000L * f, false, new float[4], null);
                before.process(new Record<>(Keys.blockKey("fish-a", blk), tb, f));
            }
        }
        before.close();
        long kept = store.approximateNumEntries();
        assertTrue(kept >= 3 * 12, "the last C + H frames of each block are stored: " + kept);

        ForecastCounters counters = new ForecastCounters();
        ForecastProcessor restarted = new ForecastProcessor(config, counters);
        ctx.setCurrentSystemTimeMs(5_000);
        restarted.init(ctx);
        List<MockProcessorContext.CapturedPunctuator> punctuators = ctx.scheduledPunctuators();
        MockProcessorContext.CapturedPunctuator retire = punctuators.get(punctuators.size() - 1);
        retire.getPunctuator().punctuate(5_000 + 59_000);
        assertEquals(kept, store.approximateNumEntries(), "not idle for the retirement time since the restart yet");
        retire.getPunctuator().punctuate(5_000 + 60_000);
        assertEquals(3, counters.retiredBlocks.get(), "its three blocks");
        try (var it = store.all()) {
            it.forEachRemaining(kv -> assertTrue(kv.key.startsWith("#"), "only shared state is left: " + kv.key));
        }
    }

    private static KeyValueStore<String, byte[]> store(MockProcessorContext<String, Object> ctx, String name) {
        KeyValueStore<String, byte[]> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        ctx.addStateStore(s);
        s.init(ctx.getStateStoreContext(), s);
        return s;
    }
}
