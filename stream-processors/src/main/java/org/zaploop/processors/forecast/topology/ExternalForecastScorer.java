package org.zaploop.processors.forecast.topology;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import org.zaploop.processors.forecast.ForecastErrors;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.processors.streams.SessionActivity;

/**
 * Scores the forecasts other components publish to {@code zl.forecasts} (the twin's, and any forecaster this
 * topology does not run) by the same rule as its own ({@link ForecastErrors}), and forwards the same
 * {@link ScorePartial}s (key session) into the score aggregation. Input: a block's trace blocks and external
 * forecast blocks, both keyed session/block; {@code zl.traces} and {@code zl.forecasts} are co-partitioned (same
 * key, same partition count, default partitioner), so one task sees both.
 *
 * <p>A forecast is scored at most H steps ahead (H of the topology, the protocol's horizon). Targets that already
 * arrived are scored when the forecast arrives; the forecast is then held until the traces pass its last step.
 * Store {@value ForecastTopology#EXTERNAL_STORE} (in memory, changelogged), per block: {@code session/block|n} the
 * newest trace frame (present once an external forecast of the block was seen: before that no trace is kept, so a
 * rig without external forecasters pays nothing), {@code session/block|t|slot} the last H trace frames (slot =
 * frame mod H, with their condition), {@code session/block|f|frame|forecaster} a held forecast (ZLFC bytes). The
 * held forecasts are cached decoded per block and rebuilt from the store after a restart. Bounded: a held forecast
 * leaves when a trace reaches or passes its last step; a block whose traces stop holds at most
 * {@value #MAX_HELD_PER_H} × H forecasts, the oldest being dropped (counted); a session that sends neither traces
 * nor forecasts for {@link ForecastConfig#retireAfterMs()} has all of it dropped.
 */
final class ExternalForecastScorer implements Processor<String, Object, String, ScorePartial> {

    static final int MAX_HELD_PER_H = 16;

    private final int horizon;
    private final ForecastConfig config;
    private final ForecastCounters counters;
    private final Map<String, TreeMap<String, ForecastBlock>> held = new HashMap<>();
    private final SessionActivity activity = new SessionActivity();
    private ProcessorContext<String, ScorePartial> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, ?> conditions;

    ExternalForecastScorer(ForecastConfig config, ForecastCounters counters) {
        this.horizon = config.horizon();
        this.config = config;
        this.counters = counters;
    }

    /** One trace frame kept as a target. */
    private record Target(long frame, long acquisitionNs, int condition, int firstNeuron, float[] dff) {

        boolean fits(ForecastBlock fb) {
            return firstNeuron == fb.firstNeuron() && dff.length == fb.neuronCount();
        }
    }

    /** One forecaster's errors at one target frame, summed over the held forecasts. */
    private record Sums(int context, double[] absSum, long[] count) {
    }

    @Override
    public void init(ProcessorContext<String, ScorePartial> context) {
        this.context = context;
        this.store = context.getStateStore(ForecastTopology.EXTERNAL_STORE);
        this.conditions = context.getStateStore(ForecastTopology.CONDITION_STORE);
        held.clear(); // after an exactly-once abort the store, not memory, is the truth
        activity.start(context, store, config.retireCheckMs(), this::retireIdle);
    }

    /** Drops the held forecasts and kept targets of every session silent for the retirement time. */
    private void retireIdle(long nowMs) {
        for (String session : activity.takeIdle(nowMs, config.retireAfterMs())) {
            String prefix = session + "/";
            held.keySet().removeIf(k -> k.startsWith(prefix));
            SessionActivity.forget(store, session);
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof TraceBlock tb) {
            activity.seen(tb.session(), context.currentSystemTimeMs());
            onTrace(record, tb);
        } else if (record.value() instanceof ForecastBlock fb) {
            activity.seen(fb.session(), context.currentSystemTimeMs());
            onForecast(record, fb);
        }
    }

    private void onTrace(Record<String, Object> record, TraceBlock tb) {
        String key = record.key();
        byte[] newestBytes = store.get(key + "|n");
        if (newestBytes == null || tb.frame() <= ByteBuffer.wrap(newestBytes).getLong()) {
            return; // no external forecast of this block yet, or a repeated frame already scored
        }
        int condition = ConditionStoreUpdater.conditionAt(conditions, tb);
        store.put(key + "|n", ByteBuffer.allocate(8).putLong(tb.frame()).array());
        store.put(targetKey(key, tb.frame()), encode(tb, condition));
        Map<String, Sums> sums = new LinkedHashMap<>();
        Iterator<Map.Entry<String, ForecastBlock>> it = heldOf(key).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ForecastBlock> e = it.next();
            ForecastBlock fb = e.getValue();
            int steps = steps(fb);
            if (ForecastErrors.step(fb.frame(), tb.frame(), steps) >= 0) {
                if (tb.firstNeuron() == fb.firstNeuron() && tb.neuronCount() == fb.neuronCount()) {
                    Sums s = sums.computeIfAbsent(fb.forecaster(),
                            f -> new Sums(fb.context(), new double[steps], new long[steps]));
                    if (ForecastErrors.add(fb.frame(), fb.values(), Math.min(steps, s.absSum().length),
                            fb.neuronCount(), tb.frame(), tb.dff(), s.absSum(), s.count()) >= 0) {
                        counters.externalTargetsScored.incrementAndGet();
                    }
                } else {
                    counters.externalTargetsUnscored.incrementAndGet();
                }
            }
            if (fb.frame() + steps <= tb.frame()) {
                it.remove();
                store.delete(e.getKey());
            }
        }
        for (Map.Entry<String, Sums> e : sums.entrySet()) {
            Sums s = e.getValue();
            context.forward(record.withKey(tb.session()).withValue(new ScorePartial(tb.session(), e.getKey(),
                    condition, tb.frame(), tb.acquisitionNs(), s.context(), s.absSum(), s.count())));
        }
    }

    private void onForecast(Record<String, Object> record, ForecastBlock fb) {
        String key = record.key();
        counters.externalForecasts.incrementAndGet();
        byte[] newestBytes = store.get(key + "|n");
        long newest = newestBytes == null ? -1 : ByteBuffer.wrap(newestBytes).getLong();
        if (newestBytes == null) {
            store.put(key + "|n", ByteBuffer.allocate(8).putLong(-1).array()); // from now on keep its traces
        }
        int steps = steps(fb);
        for (int s = 0; s < steps; s++) {
            long frame = fb.frame() + 1 + s;
            if (frame > newest) {
                break;
            }
            Target t = target(key, frame);
            if (t == null || !t.fits(fb)) {
                counters.externalTargetsUnscored.incrementAndGet(); // arrived after its target left the window
                continue;
            }
            double[] absSum = new double[steps];
            long[] count = new long[steps];
            ForecastErrors.add(fb.frame(), fb.values(), steps, fb.neuronCount(), frame, t.dff(), absSum, count);
            counters.externalTargetsScored.incrementAndGet();
            context.forward(record.withKey(fb.session()).withValue(new ScorePartial(fb.session(), fb.forecaster(),
                    t.condition(), frame, t.acquisitionNs(), fb.context(), absSum, count)));
        }
        if (fb.frame() + steps > newest) {
            hold(key, fb);
        }
    }

    private void hold(String key, ForecastBlock fb) {
        String k = key + "|f|" + String.format(Locale.ROOT, "%019d", fb.frame()) + "|" + fb.forecaster();
        TreeMap<String, ForecastBlock> block = heldOf(key);
        block.put(k, fb);
        store.put(k, Topics.FORECASTS.valueSerde().serializer().serialize(Topics.FORECASTS.name(), fb));
        while (block.size() > MAX_HELD_PER_H * horizon) {
            // traces of this block stopped (or lag far behind): the oldest forecast goes first
            store.delete(block.pollFirstEntry().getKey());
            counters.externalEvicted.incrementAndGet();
        }
    }

    /** The block's held forecasts, oldest first, rebuilt from the store on first use after init. */
    private TreeMap<String, ForecastBlock> heldOf(String key) {
        TreeMap<String, ForecastBlock> block = held.get(key);
        if (block == null) {
            block = new TreeMap<>();
            try (KeyValueIterator<String, byte[]> it = store.prefixScan(key + "|f|", Serdes.String().serializer())) {
                while (it.hasNext()) {
                    var kv = it.next();
                    block.put(kv.key, Topics.FORECASTS.valueSerde().deserializer().deserialize(
                            Topics.FORECASTS.name(), kv.value));
                }
            }
            held.put(key, block);
        }
        return block;
    }

    private int steps(ForecastBlock fb) {
        return Math.min(fb.horizon(), horizon);
    }

    private String targetKey(String key, long frame) {
        return key + "|t|" + frame % horizon;
    }

    private Target target(String key, long frame) {
        byte[] v = store.get(targetKey(key, frame));
        if (v == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        long at = b.getLong();
        long ns = b.getLong();
        int condition = b.getInt();
        int first = b.getInt();
        float[] dff = new float[(v.length - 24) / 4];
        b.asFloatBuffer().get(dff);
        return at == frame ? new Target(at, ns, condition, first, dff) : null;
    }

    private static byte[] encode(TraceBlock tb, int condition) {
        ByteBuffer b = ByteBuffer.allocate(24 + 4 * tb.neuronCount()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(tb.frame()).putLong(tb.acquisitionNs()).putInt(condition).putInt(tb.firstNeuron());
        b.asFloatBuffer().put(tb.dff(), 0, tb.neuronCount());
        return b.array();
    }

    @Override
    public void close() {
        held.clear();
    }
}
