package org.zaploop.processors.forecast.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import org.zaploop.processors.forecast.ConditionTimeline;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.codec.MalformedRecordException;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.TraceBlock;

/**
 * Keeps the global store {@value ForecastTopology#CONDITION_STORE} (key session → {@link ConditionTimeline}) up
 * to date from {@code zl.rig.events}: every event that carries a condition appends to its session's timeline.
 * A global store cannot forward, so malformed events are counted here (the stages that own rig events send them
 * to the DLQ).
 */
final class ConditionStoreUpdater implements Processor<String, byte[], Void, Void> {

    private final ForecastCounters counters;
    private KeyValueStore<String, byte[]> store;

    ConditionStoreUpdater(ForecastCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(ForecastTopology.CONDITION_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RigEvent e;
        try {
            if (record.value() == null) {
                throw new MalformedRecordException("null");
            }
            e = Topics.RIG_EVENTS.valueSerde().deserializer().deserialize(Topics.RIG_EVENTS.name(), record.value());
        } catch (MalformedRecordException | IllegalArgumentException ex) {
            counters.malformedRigEvents.incrementAndGet();
            return;
        }
        if (e.condition() == null) {
            return;
        }
        ConditionTimeline t = ConditionTimeline.decode(store.get(e.session()));
        ConditionTimeline next = t.with(e.frame(), e.acquisitionNs(), e.condition());
        if (next != t) {
            store.put(e.session(), next.encode());
        }
    }

    /** The condition of a trace block's frame in the global condition store, or −1 if its session has none. */
    static int conditionAt(KeyValueStore<String, ?> conditions, TraceBlock tb) {
        Object v = conditions.get(tb.session());
        if (v instanceof ValueAndTimestamp<?> vt) {
            v = vt.value();
        }
        return v instanceof byte[] b ? ConditionTimeline.decode(b).at(tb.frame(), tb.acquisitionNs()) : -1;
    }
}
