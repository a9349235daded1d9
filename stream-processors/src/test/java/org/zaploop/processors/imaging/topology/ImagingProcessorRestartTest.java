package org.zaploop.processors.imaging.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import org.zaploop.processors.imaging.CausalDff;
import org.zaploop.protocol.Topics;
import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.Plane;
import org.zaploop.protocol.records.TraceBlock;

/**
 * A fresh {@link ImagingProcessor} on the stores of a previous one (a restart or a rebalance) continues exactly:
 * the table comes back from the segmentation store and the ΔF/F window from the raw history.
 */
class ImagingProcessorRestartTest {

    static final int W = 24;
    static final int H = 20;
    static final int D = 2;
    static final int N = 6;
    static final int FRAMES = 30;

    private final Random rnd = new Random(4);
    /** zl.imaging.planes as this test wrote it: what a processor reads held planes back from after a restart. */
    private final PlaneLog planes = new PlaneLog();
    private final short[][][] volumes = new short[FRAMES][D][W * H];

    ImagingProcessorRestartTest() {
        for (short[][] v : volumes) {
            for (short[] p : v) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = (short) (200 + rnd.nextInt(300));
                }
            }
        }
    }

    /** The planes topic of a test: one partition, each plane at the next offset. */
    static final class PlaneLog implements PlaneSource {
        private final List<Plane> log = new ArrayList<>();
        private long fetched;

        ImagingInput append(Plane p) {
            log.add(p);
            return ImagingInput.of(new PlaneRef(p.session(), p.frame(), p.z(), 0, log.size() - 1));
        }

        @Override
        public Plane read(PlaneRef ref) {
            fetched++;
            return log.get((int) ref.offset());
        }

        @Override
        public long fetched() {
            return fetched;
        }

        @Override
        public void close() {
        }
    }

    static NeuronTableBlock table() {
        int[] start = new int[N + 1];
        int[] vox = new int[N * 4];
        for (int i = 0; i < N; i++) {
            int base = 3 * i + 2 + (4 + i) * W + (i % D) * W * H;
            vox[4 * i] = base;
            vox[4 * i + 1] = base + 1;
            vox[4 * i + 2] = base + W;
            vox[4 * i + 3] = base + W + 1;
            start[i + 1] = 4 * (i + 1);
        }
        int[] ids = new int[N];
        float[] c = new float[N];
        return new NeuronTableBlock("fish-01", 1, 0, 0, N, W, H, D, 0, ids, c, c, c, start, vox, null);
    }

    private MockProcessorContext<String, Object> context(KeyValueStore<String, NeuronTableBlock> seg,
                                                         KeyValueStore<String, byte[]> hist) {
        MockProcessorContext<String, Object> ctx = new MockProcessorContext<>();
        ctx.setCurrentSystemTimeMs(1_000);
        ctx.setCurrentStreamTimeMs(0);
        ctx.addStateStore(seg);
        ctx.addStateStore(hist);
        for (String name : new String[] {ImagingTopology.OPEN_PLANES_STORE, ImagingTopology.REGISTRATION_STORE}) {
            KeyValueStore<String, byte[]> s = bytesStore(name);
            ctx.addStateStore(s);
            s.init(ctx.getStateStoreContext(), s);
        }
        return ctx;
    }

    private List<TraceBlock> run(ImagingProcessor p, MockProcessorContext<String, Object> ctx, int from, int to) {
        for (int f = from; f < to; f++) {
            for (int z = 0; z < D; z++) {
                p.process(new Record<>("fish-01", planes.append(Plane.whole("fish-01", f, z, D, 1000L * f + z, W,
                        H, volumes[f][z])), f));
            }
        }
        List<TraceBlock> out = new ArrayList<>();
        ctx.forwarded().forEach(cf -> {
            if (cf.record().value() instanceof TraceBlock tb) {
                out.add(tb);
            }
        });
        return out;
    }

    @Test
    void aFreshProcessorOnTheSameStoresContinuesExactly() {
        ImagingConfig config = ImagingConfig.defaults().withDff(8, 20).withRegistration(false, 1, 1, 0);
        KeyValueStore<String, NeuronTableBlock> seg1 = segStore();
        KeyValueStore<String, byte[]> hist1 = histStore();
        MockProcessorContext<String, Object> ctx1 = context(seg1, hist1);
        seg1.init(ctx1.getStateStoreContext(), seg1);
        hist1.init(ctx1.getStateStoreContext(), hist1);
        ImagingProcessor straight = new ImagingProcessor(config, new ImagingCounters(), cfg -> planes);
        straight.init(ctx1);
        straight.process(new Record<>("fish-01", ImagingInput.of(table()), 0));
        List<TraceBlock> reference = run(straight, ctx1, 0, FRAMES);
        assertEquals(FRAMES, reference.size());

        KeyValueStore<String, NeuronTableBlock> seg2 = segStore();
        KeyValueStore<String, byte[]> hist2 = histStore();
        MockProcessorContext<String, Object> ctx2 = context(seg2, hist2);
        seg2.init(ctx2.getStateStoreContext(), seg2);
        hist2.init(ctx2.getStateStoreContext(), hist2);
        ImagingProcessor before = new ImagingProcessor(config, new ImagingCounters(), cfg -> planes);
        before.init(ctx2);
        before.process(new Record<>("fish-01", ImagingInput.of(table()), 0));
        run(before, ctx2, 0, 15);
        before.close();
        ctx2.resetForwards();
        ImagingCounters after = new ImagingCounters();
        ImagingProcessor restarted = new ImagingProcessor(config, after, cfg -> planes);
        restarted.init(ctx2);
        // a plane of a frame emitted before the restart is late
        restarted.process(new Record<>("fish-01", planes.append(Plane.whole("fish-01", 14, 0, D, 1, W, H,
                volumes[14][0])), 14));
        assertTrue(((DeadLetter) ctx2.forwarded().get(0).record().value()).reason().contains("late"));
        ctx2.resetForwards();
        List<TraceBlock> resumed = run(restarted, ctx2, 15, FRAMES);
        assertEquals(FRAMES - 15, resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            TraceBlock want = reference.get(15 + i);
            assertEquals(want.frame(), resumed.get(i).frame());
            assertArrayEquals(want.raw(), resumed.get(i).raw());
            assertArrayEquals(want.dff(), resumed.get(i).dff(), "ΔF/F of frame " + want.frame());
        }
        assertEquals(1, after.tables.get());
        // the raw history kept for a restart: the ΔF/F window plus the frames its smoothing looks back over
        assertTrue(hist2.approximateNumEntries() <= config.dffWindow() + CausalDff.DEFAULT_SMOOTH_FRAMES);
    }

    /**
     * Replay settings, registration on: planes of frames still open at the restart (held in the open-planes store)
     * and the registration reference and shift (registration store) are taken up by the successor, whose traces
     * equal an uninterrupted processor's bit for bit, the frames completed across the restart included.
     */
    @Test
    void heldPlanesAndRegistrationSurviveARestart() {
        ImagingConfig config = ImagingConfig.defaults().withDff(8, 20).withRegistration(true, 1, 3, 3f).forReplay();
        MockProcessorContext<String, Object> ctx1 = context(segStore(), histStore());
        initStores(ctx1);
        ImagingProcessor straight = new ImagingProcessor(config, new ImagingCounters(), cfg -> planes);
        straight.init(ctx1);
        straight.process(new Record<>("fish-01", ImagingInput.of(table()), 0));
        List<TraceBlock> reference = run(straight, ctx1, 0, FRAMES);
        assertEquals(FRAMES, reference.size());

        MockProcessorContext<String, Object> ctx2 = context(segStore(), histStore());
        initStores(ctx2);
        ImagingProcessor before = new ImagingProcessor(config, new ImagingCounters(), cfg -> planes);
        before.init(ctx2);
        before.process(new Record<>("fish-01", ImagingInput.of(table()), 0));
        run(before, ctx2, 0, 10);
        for (int f = 10; f < 13; f++) { // only z = 0 of frames 10–12 before the crash
            before.process(new Record<>("fish-01", planes.append(Plane.whole("fish-01", f, 0, D, 1000L * f, W, H,
                    volumes[f][0])), f));
        }
        ctx2.resetForwards();
        ImagingProcessor restarted = new ImagingProcessor(config, new ImagingCounters(), cfg -> planes);
        restarted.init(ctx2);
        for (int f = 10; f < 13; f++) {
            restarted.process(new Record<>("fish-01", planes.append(Plane.whole("fish-01", f, 1, D,
                    1000L * f + 1, W, H, volumes[f][1])), f));
        }
        List<TraceBlock> resumed = new ArrayList<>(run(restarted, ctx2, 13, FRAMES));
        assertEquals(FRAMES - 10, resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            TraceBlock want = reference.get(10 + i);
            assertEquals(want.frame(), resumed.get(i).frame());
            assertEquals(want.partialFrame(), resumed.get(i).partialFrame());
            assertArrayEquals(want.raw(), resumed.get(i).raw(), "raw F of frame " + want.frame());
            assertArrayEquals(want.dff(), resumed.get(i).dff(), "ΔF/F of frame " + want.frame());
        }
    }

    /**
     * A session that stopped before a restart (or a rebalance) is retired by the successor in time: it holds the
     * session's registration, so the session counts as seen at the restart, not as never seen (held for good).
     */
    @Test
    void aSessionThatStoppedBeforeARestartIsStillRetired() {
        ImagingConfig config = ImagingConfig.defaults().withDff(8, 20).withRegistration(true, 1, 3, 3f)
                .withRetireAfterMs(60_000);
        MockProcessorContext<String, Object> ctx = context(segStore(), histStore());
        initStores(ctx);
        ImagingProcessor before = new ImagingProcessor(config, new ImagingCounters(), cfg -> planes);
        before.init(ctx);
        before.process(new Record<>("fish-01", ImagingInput.of(table()), 0));
        run(before, ctx, 0, 10);
        before.close();
        KeyValueStore<String, byte[]> registrations = ctx.getStateStore(ImagingTopology.REGISTRATION_STORE);
        assertTrue(registrations.approximateNumEntries() > 0, "the session's registration is stored");

        ImagingCounters counters = new ImagingCounters();
        ImagingProcessor restarted = new ImagingProcessor(config, counters, cfg -> planes);
        ctx.setCurrentSystemTimeMs(5_000);
        restarted.init(ctx);
        List<MockProcessorContext.CapturedPunctuator> punctuators = ctx.scheduledPunctuators();
        MockProcessorContext.CapturedPunctuator expiry = punctuators.get(punctuators.size() - 1);
        expiry.getPunctuator().punctuate(5_000 + 59_000);
        assertEquals(0, counters.retiredSessions.get(), "not idle for the retirement time since the restart yet");
        expiry.getPunctuator().punctuate(5_000 + 60_000);
        assertEquals(1, counters.retiredSessions.get());
        assertEquals(0, registrations.approximateNumEntries(), "its registration freed");
    }

    private static void initStores(MockProcessorContext<String, Object> ctx) {
        for (String name : new String[] {ImagingTopology.SEGMENTATION_STORE, ImagingTopology.HISTORY_STORE}) {
            org.apache.kafka.streams.processor.StateStore st = ctx.getStateStore(name);
            st.init(ctx.getStateStoreContext(), st);
        }
    }

    private static KeyValueStore<String, NeuronTableBlock> segStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ImagingTopology.SEGMENTATION_STORE),
                Topics.SEGMENTATION.keySerde(), Topics.SEGMENTATION.valueSerde()).withLoggingDisabled().build();
    }

    private static KeyValueStore<String, byte[]> histStore() {
        return bytesStore(ImagingTopology.HISTORY_STORE);
    }

    private static KeyValueStore<String, byte[]> bytesStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
    }
}
