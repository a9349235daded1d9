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
import org.zaploop.processors.forecast.LinearForecaster;
import org.zaploop.protocol.Keys;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.TraceBlock;
import org.zaploop.processors.streams.SessionActivity;

/**
 * Trace block → forecasts of that block by every configured forecaster, plus the block's online score partials.
 * Each arriving frame is written to {@value ForecastTopology#CONTEXT_STORE} (key {@code session/block/slot},
 * slot = frame mod (C + H); value frame, first neuron and the ΔF/F); the processor keeps the window as a cache
 * and rebuilds it from the store after a restart. What the forecasters learn online is in the same store: per block
 * (key {@code session/block#forecaster}, e.g. the condition means; a forecaster that learns per neuron has an
 * instance per session, since sessions share neuron indices, not neurons) and per processor (key
 * {@code #shared/forecaster}, the online linear model, and {@code #refit}), so a restarted or rebalanced processor
 * forecasts exactly as the one before it would have. Forecasts made at the last H frames are kept in memory only,
 * for scoring (after a restart, scoring resumes H frames later). Conditions come from the global store
 * {@value ForecastTopology#CONDITION_STORE}. Forwards {@link ForecastBlock} (key session/block) and
 * {@link ScorePartial} (key session). A session without trace blocks for {@link ForecastConfig#retireAfterMs()} is
 * retired: its windows, forecast histories and stored frames and block state are freed.
 */
final class ForecastProcessor implements Processor<String, TraceBlock, String, Object> {

    /** Store keys of the processor's learned state (block keys are session/block, so no clash). */
    private static final String SHARED = "#shared/";
    private static final String REFIT = "#refit";
    private static final Logger LOG = LoggerFactory.getLogger(ForecastProcessor.class);

    private final ForecastConfig config;
    private final ForecastCounters counters;
    private final Map<String, BlockState> blocks = new HashMap<>();
    private final SessionActivity activity = new SessionActivity();
    /** One instance of each configured forecaster; those that learn per neuron serve only as the pattern. */
    private List<Forecaster> forecasters;
    /** Per session: the shared instances, and its own instance of each forecaster that learns per neuron. */
    private final Map<String, List<Forecaster>> bySession = new HashMap<>();
    private LinearForecaster linear;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, ?> conditions;
    private String refitKey;
    private long framesSinceRefit;
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
        linear = null;
        refitKey = null;
        framesSinceRefit = 0;
        this.forecasters = ForecasterFactory.create(config.forecasters(), config.context(), config.horizon());
        for (Forecaster f : forecasters) {
            if (f instanceof LinearForecaster l) {
                linear = l;
            }
        }
        this.targetConditions = new int[config.horizon()];
        for (Forecaster f : forecasters) {
            byte[] shared = store.get(SHARED + f.name());
            if (shared != null) {
                f.restoreSharedState(shared);
            }
        }
        byte[] refit = store.get(REFIT);
        if (refit != null) {
            ByteBuffer b = ByteBuffer.wrap(refit).order(ByteOrder.LITTLE_ENDIAN);
            framesSinceRefit = b.getLong();
            refitKey = new String(refit, 8, refit.length - 8, java.nio.charset.StandardCharsets.UTF_8);
        }
        activity.start(context, store, config.retireCheckMs(), this::retireIdle);
    }

    /**
     * Frees the state of every session that sent no trace block for {@link ForecastConfig#retireAfterMs()}: a
     * processor that runs for weeks sees session after session, and each held C + H frames of every block twice
     * (window and store) and H forecasts per forecaster, about 120 MB for a whole brain at C = 256. If the block
     * that paced the linear refits was one of them, the next block to learn paces them: otherwise a processor
     * whose first session ended would never re-solve its linear map again.
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
            if (refitKey != null && refitKey.startsWith(prefix)) {
                refitKey = null;
                framesSinceRefit = 0;
                store.delete(REFIT);
            }
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

    /** The forecasters of a session, made on its first trace block. */
    private List<Forecaster> forecastersOf(String session) {
        List<Forecaster> fs = bySession.get(session);
        if (fs == null) {
            fs = new ArrayList<>(forecasters.size());
            for (int i = 0; i < forecasters.size(); i++) {
                Forecaster f = forecasters.get(i);
                fs.add(f.learnsPerNeuron()
                        ? ForecasterFactory.create(config.forecasters().get(i), config.context(), config.horizon())
                        : f);
            }
            bySession.put(session, fs);
        }
        return fs;
    }

    /** Saves what the forecasters learned from this record, so a restarted processor learns on from there. */
    private void saveLearned(String key, int firstNeuron, boolean sharedChanged, List<Forecaster> fs) {
        for (Forecaster f : fs) {
            byte[] block = f.changedBlockState(firstNeuron);
            if (block != null) {
                store.put(key + "#" + f.name(), block);
            }
            if (sharedChanged && !f.learnsPerNeuron()) {
                byte[] shared = f.sharedState();
                if (shared != null) {
                    store.put(SHARED + f.name(), shared);
                }
            }
        }
        if (sharedChanged && refitKey != null) {
            byte[] k = refitKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            store.put(REFIT, ByteBuffer.allocate(8 + k.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(framesSinceRefit).put(k).array());
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
        boolean learned = linear != null && st.window.filled() >= c + h;
        if (learned) {
            linear.learn(st.window.frames(), st.window.fromOfLast(c + h), n, config.learnStep(),
                    (int) (tb.frame() % config.learnStep()));
            if (refitKey == null) {
                refitKey = key;
            }
            if (key.equals(refitKey) && ++framesSinceRefit >= config.refitFrames()) {
                framesSinceRefit = 0;
                linear.solve();
                counters.linearRefits.incrementAndGet();
            }
        }
        saveLearned(key, tb.firstNeuron(), learned, fs);
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
