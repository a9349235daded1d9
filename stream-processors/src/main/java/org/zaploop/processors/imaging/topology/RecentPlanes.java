package org.zaploop.processors.imaging.topology;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.zaploop.protocol.records.Plane;

/**
 * Planes this instance has just decoded from {@code zl.imaging.planes}, by partition and offset, for the task that
 * gathers their session when it runs in the same instance: it takes them from here rather than reading them back
 * from the broker ({@link PlaneFetcher}). Only a shortcut: a plane not found here (another instance read it, a
 * restart, or no room) is read back from the topic, with the same content.
 *
 * <p>Bounded in bytes. The gathering task takes planes in the order they were put, so when full this keeps the
 * oldest (the next ones it will need) and refuses new ones; a plane nobody took within {@code maxAgeMs} (its
 * session is gathered by another instance) is dropped. Thread-safe: plane tasks and the gathering task may run on
 * different stream threads.
 */
final class RecentPlanes {

    private record Entry(Plane plane, long bytes, long putMs) {
    }

    private final long capacityBytes;
    private final long maxAgeMs;
    private final LinkedHashMap<Long, Entry> planes = new LinkedHashMap<>();
    private long bytes;
    private long refused;

    RecentPlanes(long capacityBytes, long maxAgeMs) {
        this.capacityBytes = capacityBytes;
        this.maxAgeMs = maxAgeMs;
    }

    /** An eighth of the heap, at most 512 MiB (94 ZAPBench planes); planes not taken within 30 s are dropped. */
    static RecentPlanes forThisJvm() {
        return new RecentPlanes(Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8), 30_000);
    }

    /** Keeps {@code plane}, read at {@code partition}/{@code offset}, if there is room. */
    synchronized void put(int partition, long offset, Plane plane, long nowMs) {
        dropOlderThan(nowMs - maxAgeMs);
        // a task revived after an aborted transaction decodes its planes again: replace, never count twice
        take(partition, offset);
        long size = 2L * plane.pixels().length;
        if (bytes + size > capacityBytes) {
            refused++;
            return;
        }
        planes.put(key(partition, offset), new Entry(plane, size, nowMs));
        bytes += size;
    }

    /** The plane read at {@code partition}/{@code offset}, removed from here; null if it is not here. */
    synchronized Plane take(int partition, long offset) {
        Entry e = planes.remove(key(partition, offset));
        if (e == null) {
            return null;
        }
        bytes -= e.bytes;
        return e.plane;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Planes not kept for want of room. */
    synchronized long refused() {
        return refused;
    }

    private void dropOlderThan(long ms) {
        Iterator<Map.Entry<Long, Entry>> it = planes.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.putMs >= ms) {
                return; // insertion order: the rest are newer
            }
            bytes -= e.bytes;
            it.remove();
        }
    }

    private static long key(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }
}
