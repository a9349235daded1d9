package org.zaploop.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.zaploop.load.measure.LatencyRecorder;

/**
 * Where a scenario's parts report what they measure: latency streams (by name, in words) and flows of records
 * (sent or read back, with their bytes). Thread-safe; streams and flows keep the order of their first use.
 */
public final class LoadProbe {

    /** A count of records and payload bytes. */
    public static final class Flow {
        private final String name;
        private final LongAdder records = new LongAdder();
        private final LongAdder bytes = new LongAdder();

        Flow(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public void add(long n, long payloadBytes) {
            records.add(n);
            bytes.add(payloadBytes);
        }

        public long records() {
            return records.sum();
        }

        public long bytes() {
            return bytes.sum();
        }

        void reset() {
            records.reset();
            bytes.reset();
        }
    }

    private final Map<String, LatencyRecorder> latencies = new ConcurrentHashMap<>();
    private final Map<String, Flow> flows = new ConcurrentHashMap<>();
    private final List<String> latencyOrder = new ArrayList<>();
    private final List<String> flowOrder = new ArrayList<>();

    /** The latency stream of this name (created on first use). */
    public LatencyRecorder latency(String stream) {
        return latencies.computeIfAbsent(stream, k -> {
            synchronized (latencyOrder) {
                latencyOrder.add(k);
            }
            return new LatencyRecorder(k);
        });
    }

    /** The flow of this name (created on first use). */
    public Flow flow(String name) {
        return flows.computeIfAbsent(name, k -> {
            synchronized (flowOrder) {
                flowOrder.add(k);
            }
            return new Flow(k);
        });
    }

    public List<LatencyRecorder> latencies() {
        synchronized (latencyOrder) {
            return latencyOrder.stream().map(latencies::get).toList();
        }
    }

    public List<Flow> flows() {
        synchronized (flowOrder) {
            return flowOrder.stream().map(flows::get).toList();
        }
    }

    /** Forgets the warm-up. */
    public void reset() {
        latencies().forEach(LatencyRecorder::reset);
        flows().forEach(Flow::reset);
    }
}
