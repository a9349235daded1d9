package org.zaploop.ingest.recorder;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which planes of the volumes not yet committed are stored, so that a volume that lost planes does not hold
 * back every later one: once a volume {@code window} or more frames later is complete, the earlier volumes'
 * missing planes are given up (the recorder stores them as zeros and notes it). With nothing lost, a later
 * volume is never complete before an earlier one (each z travels on one partition, in frame order), so the
 * window only acts on real losses. Plain Java; reads no topic.
 */
final class VolumeTracker {

    /** Planes {@code missing} of volume {@code frame} to store as zeros. */
    record Missing(long frame, List<Integer> missing) {
    }

    private final int depth;
    private final int window;
    private final TreeMap<Long, BitSet> pending = new TreeMap<>();
    private long next;

    VolumeTracker(int depth, long next, int window) {
        this.depth = depth;
        this.next = next;
        this.window = window;
    }

    /** The archive committed volumes below {@code rawFrames}. */
    void committed(long rawFrames) {
        next = Math.max(next, rawFrames);
        pending.headMap(next).clear();
    }

    /** Plane {@code z} of {@code frame} is stored; returns the volumes to give up now, oldest first. */
    List<Missing> stored(long frame, int z) {
        if (frame < next) {
            return List.of();
        }
        pending.computeIfAbsent(frame, f -> new BitSet(depth)).set(z);
        long newestComplete = -1;
        for (Map.Entry<Long, BitSet> e : pending.descendingMap().entrySet()) {
            if (e.getValue().cardinality() == depth) {
                newestComplete = e.getKey();
                break;
            }
        }
        if (newestComplete - window < next) {
            return List.of();
        }
        List<Missing> out = new ArrayList<>();
        for (long f = next; f <= newestComplete - window; f++) {
            BitSet have = pending.getOrDefault(f, new BitSet(depth));
            if (have.cardinality() == depth) {
                continue;
            }
            List<Integer> zs = new ArrayList<>();
            for (int k = have.nextClearBit(0); k < depth; k = have.nextClearBit(k + 1)) {
                zs.add(k);
            }
            out.add(new Missing(f, zs));
        }
        return out;
    }
}
