package org.zaploop.dashboards.live;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Liveness and latency of each stage of the loop as the live view sees its output: for every record, the age of
 * the data it derives from (now − acquisition time) when it reaches the view. A stage is {@code ok} when it was
 * heard from within {@code staleNs}, {@code late} after that, {@code waiting} before its first record. Reads and
 * writes no topic itself.
 */
public final class StageHealth {

    /** The stages, in loop order, and the topic each is heard on. */
    public static final List<String> STAGES = List.of("rig", "segmentation", "imaging", "behavior", "forecast",
            "controller", "loop");
    private static final int WINDOW = 256;

    private final long staleNs;
    private final Map<String, Stage> stages = new LinkedHashMap<>();

    private static final class Stage {
        final long[] latencies = new long[WINDOW];
        long count;
        long records;
        long lastSeenNs = -1;
    }

    public StageHealth(long staleNs) {
        this.staleNs = staleNs;
        for (String s : STAGES) {
            stages.put(s, new Stage());
        }
    }

    /** A record of {@code stage} arrived at {@code nowNs}; its data was acquired {@code latencyNs} earlier. */
    public void record(String stage, long latencyNs, long nowNs) {
        Stage s = stages.get(stage);
        s.latencies[(int) (s.count % WINDOW)] = latencyNs;
        s.count++;
        s.records++;
        s.lastSeenNs = nowNs;
    }

    /** Heard from, without a latency (a table that changes rarely). */
    public void seen(String stage, long nowNs) {
        Stage s = stages.get(stage);
        s.records++;
        s.lastSeenNs = nowNs;
    }

    /**
     * Per stage: state, records, seconds since last heard, and last / p50 / p99 latency in ms over the last 256
     * records. {@code alwaysOk} stages (compacted tables) stay ok once seen.
     */
    public Map<String, Object> snapshot(long nowNs, List<String> alwaysOk) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Stage> e : stages.entrySet()) {
            Stage s = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            String state = s.lastSeenNs < 0 ? "waiting"
                    : alwaysOk.contains(e.getKey()) || nowNs - s.lastSeenNs <= staleNs ? "ok" : "late";
            m.put("state", state);
            m.put("records", s.records);
            m.put("ageS", s.lastSeenNs < 0 ? null : round((nowNs - s.lastSeenNs) / 1e9));
            if (s.count > 0) {
                int n = (int) Math.min(s.count, WINDOW);
                long[] sorted = Arrays.copyOf(s.latencies, n);
                Arrays.sort(sorted);
                m.put("lastMs", round(s.latencies[(int) ((s.count - 1) % WINDOW)] / 1e6));
                m.put("p50Ms", round(sorted[(n - 1) / 2] / 1e6));
                m.put("p99Ms", round(sorted[(int) Math.ceil(0.99 * n) - 1] / 1e6));
            }
            out.put(e.getKey(), m);
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
