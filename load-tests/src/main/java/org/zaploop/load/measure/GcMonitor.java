package org.zaploop.load.measure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.HdrHistogram.Histogram;

/**
 * GC pauses of this JVM while it runs, from the collectors' MXBean notifications (no JFR): one entry per
 * collection of a stop-the-world collector, with its duration. Collectors that work concurrently (G1's and ZGC's
 * "Cycles" / "Concurrent" beans) are counted apart: their durations are not pauses.
 */
public final class GcMonitor implements AutoCloseable {

    private final Map<String, Histogram> pauses = new LinkedHashMap<>();
    private final Map<String, Long> pauseMs = new LinkedHashMap<>();
    private final Map<String, Long> concurrent = new LinkedHashMap<>();
    private final List<Runnable> detach = new ArrayList<>();

    /** Starts listening to every collector of this JVM. */
    public GcMonitor() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                NotificationListener l = this::collected;
                emitter.addNotificationListener(l, null, null);
                detach.add(() -> {
                    try {
                        emitter.removeNotificationListener(l);
                    } catch (ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
    }

    private void collected(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        String name = info.getGcName();
        synchronized (this) {
            if (name.contains("Cycles") || name.contains("Concurrent")) {
                concurrent.merge(name, 1L, Long::sum);
            } else {
                pauseMs.merge(name, info.getGcInfo().getDuration(), Long::sum);
                pauses.computeIfAbsent(name, k -> new Histogram(TimeUnit.MINUTES.toMillis(10), 2))
                        .recordValue(Math.max(0, Math.min(info.getGcInfo().getDuration(), TimeUnit.MINUTES.toMillis(10))));
            }
        }
    }

    /** Forgets the pauses so far (the warm-up). */
    public synchronized void reset() {
        pauses.clear();
        pauseMs.clear();
        concurrent.clear();
    }

    /** Pauses per stop-the-world collector, and the concurrent collectors' cycle counts (pause figures 0). */
    public synchronized List<GcFigures> figures() {
        List<GcFigures> out = new ArrayList<>();
        pauses.forEach((name, h) -> out.add(new GcFigures(name, h.getTotalCount(),
                pauseMs.getOrDefault(name, 0L),
                h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99), h.getMaxValue(), false)));
        concurrent.forEach((name, n) -> out.add(new GcFigures(name, n, 0, 0, 0, true)));
        return out;
    }

    @Override
    public void close() {
        detach.forEach(Runnable::run);
    }
}
