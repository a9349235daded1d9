package org.zaploop.processors.behavior.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import org.zaploop.processors.behavior.SwimConfig;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.EphysBlock;

/**
 * Ephys block → {@link Behavior}, per session. The session's filter and detector state is in the store
 * {@value BehaviorTopology#STORE} (key session, value {@code TailBehavior.snapshot}), written after every block;
 * the processor keeps the live objects ({@link TailBehaviors}) as a cache and reloads them from the store after a
 * restart or rebalance.
 */
final class BehaviorProcessor implements Processor<String, EphysBlock, String, Behavior> {

    private final SwimConfig config;
    private final int maxChannels;
    private final BehaviorCounters counters;
    private ProcessorContext<String, Behavior> context;
    private KeyValueStore<String, byte[]> store;
    private TailBehaviors sessions;

    BehaviorProcessor(SwimConfig config, int maxChannels, BehaviorCounters counters) {
        this.config = config;
        this.maxChannels = maxChannels;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Behavior> context) {
        this.context = context;
        this.store = context.getStateStore(BehaviorTopology.STORE);
        this.sessions = new TailBehaviors(config, maxChannels, counters, store::get);
    }

    @Override
    public void process(Record<String, EphysBlock> record) {
        Behavior out = sessions.onBlock(record.value());
        if (out != null) {
            store.put(out.session(), sessions.snapshot(out.session()));
            context.forward(record.withValue(out));
        }
    }

    @Override
    public void close() {
        sessions.clear();
    }
}
