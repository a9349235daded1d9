package org.zaploop.processors.forecast.topology;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.zaploop.processors.forecast.BlockWindow;
import org.zaploop.processors.forecast.ForecastHistory;
import org.zaploop.processors.forecast.Forecaster;
import org.zaploop.processors.forecast.ForecasterFactory;
import org.zaploop.processors.forecast.OnlineLinearForecaster;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.processors.streams.SessionActivity;

/**
 * Trace block → forecasts of that block by every configured forecaster, plus the block's online score partials.
 * Each arriving frame is written to {@value ForecastTopology#CONTEXT_STORE} (key {@code session/block/slot},
 * slot = frame mod (C + H); value frame, first neuron and the ΔF/F); the processor keeps the window as a cache
 * and rebuilds it from the store after a restart. What the forecasters learn online is in the same store, per block
 * (key {@code session/block#forecaster}: the condition means, the block's online linear map; a forecaster that
 * learns has an instance per session, since sessions share neuron indices, not neurons), so a restarted or
 * rebalanced processor forecasts exactly as the one before it would have; and as nothing learned is shared
 * between blocks, how the blocks of a partition interleave (which a restarted upstream processor changes) does
 * not change a forecast either. Forecasts made at the last H frames are kept in memory only,
 * for scoring (after a restart, scoring resumes H frames later). Conditions come from the global store
 * {@value ForecastTopology#CONDITION_STORE}. Forwards {@link ForecastBlock} (key session/block) and
 * {@link ScorePartial} (key session). A session without trace blocks for {@link ForecastConfig#retireAfterMs()} is
 * retired: its windows, forecast histories and stored frames and block state are freed.
 */
final class ForecastProcessor implements Processor<String, TraceBlock, String, Object> {

    /**
     * Keys of the one linear model a processor shared between all its blocks until session 13, and of its refit
     * pacing: deleted when found, as nothing reads them any more.
     */
    private static final List<String> FORMER_SHARED_KEYS = List.of("#shared/linear", "#refit");
    private static final Logger LOG = LoggerFactory.getLogger(ForecastProcessor.class);

    private final ForecastConfig config;
    private final ForecastCounters counters;
    private final Map<String, BlockState> blocks = new HashMap<>();
    private final SessionActivity activity = new SessionActivity();
    /** One instance of each configured forecaster; those that learn per neuron serve only as the pattern. */
    private List<Forecaster> forecasters;
    /** Per session: the shared instances, and its own instance of each forecaster that learns per neuron. */
    private final Map<String, List<Forecaster>> bySession = new HashMap<>();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, ?> conditions;
    private int[] targetConditions;

    ForecastProcessor(ForecastConfig config, ForecastCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    private final class BlockState {
        final BlockWindow window;
        final int firstNeuron;
        final ForecastHistory[] history;

        BlockState(int neurons, int firstNeuron) {
            this.window = new BlockWindow(config.context() + config.horizon(), neurons);
            this.firstNeuron = firstNeuron;
            this.history = new ForecastHistory[forecasters.size()];
            for (int i = 0; i < history.length; i++) {
                history[i] = new ForecastHistory(config.horizon(), neurons);
            }
        }
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(ForecastTopology.CONTEXT_STORE);
        this.conditions = context.getStateStore(ForecastTopology.CONDITION_STORE);
        // init again after a dirty close (exactly-once abort) restarts from the restored store, not from memory
        blocks.clear();
        bySession.clear();
        this.forecasters = new ArrayList<>();
        for (String spec : config.forecasters()) {
            forecasters.add(make(spec));
        }
        this.targetConditions = new int[config.horizon()];
        for (String k : FORMER_SHARED_KEYS) {
            if (store.get(k) != null) {
                store.delete(k);
            }
        }
        activity.start(context, store, config.retireCheckMs(), this::retireIdle);
    }

    /**
     * Frees the state of every session that sent no trace block for {@link ForecastConfig#retireAfterMs()}: a
     * processor that runs for weeks sees session after session, and each held C + H frames of every block twice
     * (window and store), its online linear map and H forecasts per forecaster, about 120 MB for a whole brain at
     * C = 256.
     */
    private void retireIdle(long nowMs) {
        for (String session : activity.takeIdle(nowMs, config.retireAfterMs())) {
            String prefix = session + "/";
            blocks.keySet().removeIf(k -> k.startsWith(prefix));
            List<Forecaster> own = bySession.remove(session);
            if (own != null) {
                closeOwn(own);
            }
            // every block in memory has its frames in the store too; after a restart only the store has them
            long freed = SessionActivity.forget(store, session).stream()
                    .map(k -> k.substring(0, blockKeyEnd(k, prefix.length()))).distinct().count();
            if (freed > 0) {
                counters.retiredBlocks.addAndGet(freed);
                LOG.info("session {} sent no traces for {}: the forecasting state of its {} neuron blocks on task {} "
                        + "is freed (its scores are kept; traces that come later are forecast after a new context)",
                        session, config.retireAfterText(), freed, context.taskId());
            }
        }
    }

    /** End of the block key in a stored key: {@code session/block} then {@code /slot} or {@code #forecaster}. */
    private static int blockKeyEnd(String key, int from) {
        for (int i = from; i < key.length(); i++) {
            if (key.charAt(i) == '/' || key.charAt(i) == '#') {
                return i;
            }
        }
        return key.length();
    }

    /** A forecaster as the online processor runs it: {@code linear} learns one map per block as traces come. */
    private Forecaster make(String spec) {
        return ForecasterFactory.name(spec).equals("linear")
                ? new OnlineLinearForecaster(config.context(), config.horizon(), config.refitFrames())
                : ForecasterFactory.create(spec, config.context(), config.horizon());
    }

    /** The forecasters of a session, made on its first trace block. */
    private List<Forecaster> forecastersOf(String session) {
        List<Forecaster> fs = bySession.get(session);
        if (fs == null) {
            fs = new ArrayList<>(forecasters.size());
            for (int i = 0; i < forecasters.size(); i++) {
                Forecaster f = forecasters.get(i);
                fs.add(f.learnsPerNeuron() ? make(config.forecasters().get(i)) : f);
            }
            bySession.put(session, fs);
        }
        return fs;
    }

    /** Saves what the forecasters learned from this record, so a restarted processor learns on from there. */
    private void saveLearned(String key, int firstNeuron, List<Forecaster> fs) {
        for (Forecaster f : fs) {
            byte[] block = f.changedBlockState(firstNeuron);
            if (block != null) {
                store.put(key + "#" + f.name(), block);
            }
        }
    }

    @Override
    public void process(Record<String, TraceBlock> record) {
        long t0 = System.nanoTime();
        TraceBlock tb = record.value();
        String key = record.key();
        int n = tb.neuronCount();
        counters.traceBlocks.incrementAndGet();
        activity.seen(tb.session(), context.currentSystemTimeMs());
        List<Forecaster> fs = forecastersOf(tb.session());
        BlockState st = blocks.get(key);
        if (st == null) {
            st = restore(key, n, tb.firstNeuron(), fs);
            blocks.put(key, st);
        }
        if (st.window.neurons() != n || st.firstNeuron != tb.firstNeuron()) {
            counters.shapeChanges.incrementAndGet();
            st = new BlockState(n, tb.firstNeuron());
            blocks.put(key, st);
        }
        BlockWindow.Added added = st.window.add(tb.frame(), tb.dff());
        if (added == BlockWindow.Added.STALE) {
            counters.stale.incrementAndGet();
            return;
        }
        if (added == BlockWindow.Added.GAP_RESTARTED) {
            counters.gaps.incrementAndGet();
            for (ForecastHistory h : st.history) {
                h.clear();
            }
        }
        store.put(slotKey(key, tb.frame()), encode(tb));
        int condition = ConditionStoreUpdater.conditionAt(conditions, tb);
        int c = config.context();
        int h = config.horizon();
        for (int fi = 0; fi < fs.size(); fi++) {
            Forecaster f = fs.get(fi);
            f.observe(tb.firstNeuron(), n, tb.dff(), 0, condition);
            double[] sums = new double[h]; // owned by the partial forwarded below
            long[] counts = new long[h];
            if (st.history[fi].score(tb.frame(), tb.dff(), sums, counts) > 0) {
                context.forward(record.withKey(tb.session()).withValue(new ScorePartial(tb.session(), f.name(),
                        condition, tb.frame(), tb.acquisitionNs(), c, sums, counts)));
            }
        }
        if (st.window.filled() >= c + h) {
            for (Forecaster f : fs) {
                if (f instanceof OnlineLinearForecaster linear && linear.learn(tb.firstNeuron(), st.window.frames(),
                        st.window.fromOfLast(c + h), n, config.learnStep(), (int) (tb.frame() % config.learnStep()))) {
                    counters.linearRefits.incrementAndGet();
                }
            }
        }
        saveLearned(key, tb.firstNeuron(), fs);
        if (st.window.filled() >= c) {
            Arrays.fill(targetConditions, condition);
            int from = st.window.fromOfLast(c);
            for (int fi = 0; fi < fs.size(); fi++) {
                Forecaster f = fs.get(fi);
                // Written straight into the history slot and published from it: the sink serialises the record
                // inside forward(), long before the slot is reused H + 1 frames later.
                float[] values = st.history[fi].slotFor(tb.frame());
                f.forecast(st.window.frames(), from, tb.firstNeuron(), n, targetConditions, values);
                context.forward(record.withValue(new ForecastBlock(tb.session(), f.name(), tb.frame(), tb.block(),
                        tb.firstNeuron(), n, c, h, tb.acquisitionNs(), values)));
                counters.forecasts.incrementAndGet();
            }
            counters.forecastLatency.record(org.zaploop.protocol.ZapLoopClock.nowNs() - tb.acquisitionNs());
        }
        counters.processNanos.recordValue(Math.max(0, System.nanoTime() - t0));
    }

    private String slotKey(String blockKey, long frame) {
        return blockKey + "/" + (frame % (config.context() + config.horizon()));
    }

    private static byte[] encode(TraceBlock tb) {
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * tb.neuronCount()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(tb.frame()).putInt(tb.firstNeuron());
        b.asFloatBuffer().put(tb.dff());
        return b.array();
    }

    /** Rebuilds a block's window from the stored frames (the newest consecutive run). */
    private BlockState restore(String key, int neurons, int firstNeuron, List<Forecaster> fs) {
        BlockState st = new BlockState(neurons, firstNeuron);
        List<long[]> found = new ArrayList<>();
        Map<Long, float[]> values = new HashMap<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(key + "/",
                org.apache.kafka.common.serialization.Serdes.String().serializer())) {
            while (it.hasNext()) {
                byte[] v = it.next().value;
                ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
                long frame = b.getLong();
                int first = b.getInt();
                int n = (v.length - 12) / 4;
                if (first != firstNeuron || n != neurons) {
                    continue;
                }
                float[] dff = new float[n];
                b.asFloatBuffer().get(dff);
                values.put(frame, dff);
                found.add(new long[] {frame});
            }
        }
        found.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] f : found) {
            st.window.add(f[0], values.get(f[0]));
        }
        for (Forecaster f : fs) {
            byte[] learned = store.get(key + "#" + f.name());
            if (learned != null) {
                f.restoreBlockState(firstNeuron, learned);
            }
        }
        return st;
    }

    @Override
    public void close() {
        blocks.clear();
        bySession.values().forEach(this::closeOwn);
        bySession.clear();
        forecasters.forEach(ForecastProcessor::closeQuietly);
    }

    /** Closes a session's own forecasters (not the shared ones). */
    private void closeOwn(List<Forecaster> fs) {
        for (int i = 0; i < fs.size(); i++) {
            if (fs.get(i) != forecasters.get(i)) {
                closeQuietly(fs.get(i));
            }
        }
    }

    private static void closeQuietly(Forecaster f) {
        if (f instanceof AutoCloseable a) {
            try {
                a.close();
            } catch (Exception e) {
                // closing a model session; nothing to recover
            }
        }
    }

    static String blockKeyOf(TraceBlock tb) {
        return Keys.blockKey(tb.session(), tb.block());
    }
}
