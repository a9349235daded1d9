package org.zaploop.dashboards.live;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.ForecastBlock;
import org.zaploop.protocol.records.NeuronTableBlock;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;
import org.zaploop.protocol.records.StimulusCommand;
import org.zaploop.protocol.records.TraceBlock;

/**
 * What the live view knows about one session, fed record by record from the Kafka thread, and the messages it
 * sends its clients through a {@link LiveOutbox}: the neuron map, each frame of ΔF/F, each client's selection
 * trace and forecast fan, the stimulus timeline, and once a second the health and latency of every stage. Used
 * from one thread only. Reads {@code zl.segmentation}, {@code zl.traces}, {@code zl.forecasts}, {@code zl.behavior},
 * {@code zl.stimulus.commands}, {@code zl.rig.events} (through its caller); writes no topic.
 */
public final class LiveModel {

    private static final long FRAME_TIMEOUT_NS = 3_000_000_000L;
    private static final long STALE_NS = 5_000_000_000L;
    private static final int COMMANDS_KEPT = 512;

    private final LiveViewConfig config;
    private final LiveOutbox out;
    private final NeuronMap map = new NeuronMap();
    private final ForecastBook forecasts = new ForecastBook();
    private final StageHealth health = new StageHealth(STALE_NS);
    private final StimulusTimeline timeline = new StimulusTimeline(256);
    private final Map<Integer, Selection> selections = new HashMap<>();
    private final Map<Long, Long> commandAcquisitionNs = new LinkedHashMap<>(COMMANDS_KEPT, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> e) {
            return size() > COMMANDS_KEPT;
        }
    };
    private TraceFrames frames;
    private FrameHistory history;
    private Behavior behavior;
    private long lastFrame = -1;
    private long framesReleased;
    private long partialFrames;

    /** A client's selection: neuron table positions (sorted), its token, the newest forecast frame sent per forecaster. */
    private record Selection(int token, int[] neurons, Map<String, Long> fanSent) {
    }

    public LiveModel(LiveViewConfig config, LiveOutbox out) {
        this.config = config;
        this.out = out;
    }

    public void onSegmentation(NeuronTableBlock b, long nowNs) {
        health.seen("segmentation", nowNs);
        NeuronMap.Table t = map.add(b);
        if (t == null) {
            return;
        }
        frames = new TraceFrames(t.size(), config.dffLow(), config.dffHigh(), FRAME_TIMEOUT_NS);
        history = new FrameHistory(config.historyFrames(), config.dffLow(), config.dffHigh());
        forecasts.clear();
        selections.replaceAll((c, s) -> new Selection(s.token, new int[0], new HashMap<>()));
        out.map(LiveWire.map(t), t.size());
    }

    public void onTrace(TraceBlock b, long nowNs) {
        health.record("imaging", nowNs - b.acquisitionNs(), nowNs);
        if (frames != null) {
            release(frames.add(b, nowNs));
        }
    }

    private void release(List<TraceFrames.Frame> done) {
        for (TraceFrames.Frame f : done) {
            framesReleased++;
            partialFrames += f.partial() ? 1 : 0;
            lastFrame = f.frame();
            history.add(f);
            out.frame(LiveWire.frame(f, config.dffLow(), config.dffHigh()));
            for (Map.Entry<Integer, Selection> e : selections.entrySet()) {
                Selection s = e.getValue();
                if (s.neurons.length > 0) {
                    float[] v = {history.mean(f.quanta(), s.neurons)};
                    out.send(e.getKey(), LiveWire.trace(f.frame(), s.token, s.neurons.length, v, 1));
                }
            }
        }
    }

    public void onForecast(ForecastBlock f, long nowNs) {
        health.record("forecast", nowNs - f.acquisitionNs(), nowNs);
        if (map.current() == null || f.firstNeuron() + f.neuronCount() > map.current().size()) {
            return;
        }
        forecasts.add(f);
        for (Map.Entry<Integer, Selection> e : selections.entrySet()) {
            Selection s = e.getValue();
            if (touches(s.neurons, f.firstNeuron(), f.firstNeuron() + f.neuronCount())) {
                sendFan(e.getKey(), s, f.forecaster());
            }
        }
    }

    private void sendFan(int client, Selection s, String forecaster) {
        ForecastBook.Fan fan = forecasts.fan(forecaster, s.neurons);
        if (fan == null || fan.frame() <= s.fanSent.getOrDefault(forecaster, -1L)) {
            return;
        }
        s.fanSent.put(forecaster, fan.frame());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "forecast");
        m.put("token", s.token);
        m.put("forecaster", forecaster);
        m.put("frame", fan.frame());
        m.put("values", fan.values());
        out.send(client, m);
    }

    /** Whether the sorted selection holds a neuron in [from, to). */
    private static boolean touches(int[] sorted, int from, int to) {
        int i = Arrays.binarySearch(sorted, from);
        int at = i >= 0 ? i : -i - 1;
        return at < sorted.length && sorted[at] < to;
    }

    public void onBehavior(Behavior b, long nowNs) {
        health.record("behavior", nowNs - b.acquisitionNs(), nowNs);
        behavior = b;
    }

    public void onCommand(StimulusCommand c, long nowNs) {
        health.record("controller", nowNs - c.acquisitionNs(), nowNs);
        commandAcquisitionNs.put(c.seq(), c.acquisitionNs());
        timelineEntry(timeline.add(c));
    }

    public void onRigEvent(RigEvent r, long nowNs) {
        health.record("rig", nowNs - r.acquisitionNs(), nowNs);
        if (r.kind() == RigEventKind.COMMAND_ACK) {
            Long acquired = commandAcquisitionNs.get(r.commandSeq());
            if (acquired != null) {
                // The loop: data acquired → decision → the rig applied it (the rig's acquisition time of the ack).
                health.record("loop", r.acquisitionNs() - acquired, nowNs);
            }
        }
        Map<String, Object> e = timeline.add(r);
        if (e != null) {
            timelineEntry(e);
        }
    }

    private void timelineEntry(Map<String, Object> e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "stimulus");
        m.put("entry", e);
        m.put("condition", timeline.condition());
        m.put("stimulus", timeline.stimulus());
        out.broadcast(m);
    }

    /** A new client: it gets the timeline so far (the server sent it the map and the newest frame). */
    public void hello(int client) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "timeline");
        m.put("entries", timeline.entries());
        m.put("condition", timeline.condition());
        m.put("stimulus", timeline.stimulus());
        out.send(client, m);
    }

    public void bye(int client) {
        selections.remove(client);
    }

    /**
     * A client selected neurons (table positions; empty clears): it gets their mean trace over the kept history
     * and the newest forecast of each forecaster, then one trace point per frame and each new forecast.
     */
    public void select(int client, int token, int[] neurons) {
        int[] sorted = neurons.clone();
        Arrays.sort(sorted);
        if (map.current() == null || (sorted.length > 0 && sorted[sorted.length - 1] >= map.current().size())) {
            sorted = new int[0];
        }
        Selection s = new Selection(token, sorted, new HashMap<>());
        selections.put(client, s);
        if (sorted.length == 0 || history == null || history.newest() < 0) {
            return;
        }
        long from = history.oldest();
        int count = (int) (history.newest() - from + 1);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = history.mean(from + i, sorted);
        }
        out.send(client, LiveWire.trace(from, token, sorted.length, v, count));
        for (String f : forecasts.forecasters()) {
            sendFan(client, s, f);
        }
    }

    /** Releases frames that waited too long. */
    public void expire(long nowNs) {
        if (frames != null) {
            release(frames.expire(nowNs));
        }
    }

    /** The status message: session, table, frames, behaviour, stimulus, and every stage's health and latency. */
    public Map<String, Object> status(long nowNs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "status");
        m.put("session", config.session());
        m.put("neurons", map.current() == null ? 0 : map.current().size());
        m.put("tableVersion", map.current() == null ? null : map.current().version());
        m.put("frame", lastFrame);
        m.put("frames", framesReleased);
        m.put("partialFrames", partialFrames);
        m.put("lateBlocks", frames == null ? 0 : frames.late());
        m.put("condition", timeline.condition());
        m.put("stimulus", timeline.stimulus());
        if (behavior != null) {
            m.put("vigor", behavior.vigor());
            m.put("swimming", behavior.swimming());
            m.put("bout", behavior.boutId());
        }
        // The table and the rig's events come when something changes, not at a rate: silence is not lateness.
        m.put("stages", health.snapshot(nowNs, List.of("segmentation", "rig")));
        return m;
    }
}
