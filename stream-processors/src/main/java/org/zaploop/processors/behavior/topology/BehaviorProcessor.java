package org.zaploop.processors.behavior.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.processors.behavior.BoutListener;
import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.processors.behavior.TailBehavior;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.EphysBlock;

/**
 * Ephys block → {@link Behavior}, per session. The session's filter and detector state is in the store
 * {@value BehaviorTopology#STORE} (key session, value {@link TailBehavior#snapshot}), written after every block;
 * the processor keeps the live object as a cache and reloads it from the store after a restart or rebalance.
 * Blocks without the tail channels (dense probes) are skipped and counted; duplicates are dropped and gaps reset
 * the filters, each counted and logged.
 */
final class BehaviorProcessor implements Processor<String, EphysBlock, String, Behavior> {

    private static final Logger LOG = LoggerFactory.getLogger(BehaviorProcessor.class);

    private final SwimConfig config;
    private final int maxChannels;
    private final BehaviorCounters counters;
    private final Map<String, TailBehavior> cache = new HashMap<>();
    private ProcessorContext<String, Behavior> context;
    private KeyValueStore<String, byte[]> store;

    BehaviorProcessor(SwimConfig config, int maxChannels, BehaviorCounters counters) {
        this.config = config;
        this.maxChannels = maxChannels;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Behavior> context) {
        this.context = context;
        this.store = context.getStateStore(BehaviorTopology.STORE);
    }

    @Override
    public void process(Record<String, EphysBlock> record) {
        EphysBlock b = record.value();
        if (b.channels() > maxChannels || b.channels() <= config.maxChannel()) {
            counters.skippedLayout.incrementAndGet();
            return;
        }
        counters.blocks.incrementAndGet();
        TailBehavior tb = cache.get(b.session());
        if (tb == null) {
            byte[] saved = store.get(b.session());
            tb = saved == null ? new TailBehavior(config) : TailBehavior.restore(config, saved);
            cache.put(b.session(), tb);
        }
        long t0 = System.nanoTime();
        TailBehavior.Outcome o;
        try {
            o = tb.onBlock(b, new Counting());
        } catch (IllegalArgumentException e) {
            // the stored state does not fit this config: start afresh rather than stop the stream
            LOG.warn("behaviour state of session {} could not be used ({}); starting afresh", b.session(),
                    e.getMessage());
            tb = new TailBehavior(config);
            cache.put(b.session(), tb);
            o = tb.onBlock(b, new Counting());
        }
        counters.processNs.addAndGet(System.nanoTime() - t0);
        switch (o.arrival()) {
            case DUPLICATE -> {
                counters.duplicates.incrementAndGet();
                LOG.warn("session {}: duplicate ephys block at sample {} ({} samples) dropped", b.session(),
                        b.firstSample(), b.samples());
                return;
            }
            case OVERLAP -> {
                counters.overlaps.incrementAndGet();
                LOG.warn("session {}: ephys block at sample {} overlaps samples already seen; only new samples used",
                        b.session(), b.firstSample());
            }
            case GAP -> {
                counters.gaps.incrementAndGet();
                counters.missingSamples.addAndGet(o.missingSamples());
                LOG.warn("session {}: gap of {} ephys samples before sample {}; swim filters reset", b.session(),
                        o.missingSamples(), b.firstSample());
            }
            default -> {
            }
        }
        store.put(b.session(), tb.snapshot());
        counters.published.incrementAndGet();
        context.forward(record.withValue(o.behavior()));
    }

    @Override
    public void close() {
        cache.clear();
    }

    private final class Counting implements BoutListener {
        @Override
        public void onset(long boutId, long sample) {
            counters.bouts.incrementAndGet();
        }

        @Override
        public void offset(long boutId, long sample) {
        }
    }
}
