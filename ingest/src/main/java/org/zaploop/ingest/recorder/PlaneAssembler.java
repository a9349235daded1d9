package org.zaploop.ingest.recorder;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import org.zaploop.protocol.records.Plane;

/**
 * Puts tiles of a plane together: a whole plane passes straight through; tiles are copied into a plane buffer
 * until every pixel is covered. Plain Java; reads no topic.
 */
final class PlaneAssembler {

    private static final class Partial {
        final short[] pixels;
        final BitSet covered;
        int count;

        Partial(int n) {
            pixels = new short[n];
            covered = new BitSet(n);
        }
    }

    private final Map<Long, Partial> partial = new HashMap<>();

    /** The whole plane's pixels ({@code planeWidth × planeHeight}, x fastest) once complete, else null. */
    short[] add(Plane p) {
        if (p.isWholePlane()) {
            return p.pixels();
        }
        long key = p.frame() * 4096 + p.z();
        int w = p.planeWidth();
        Partial part = partial.computeIfAbsent(key, k -> new Partial(w * p.planeHeight()));
        short[] src = p.pixels();
        for (int y = 0; y < p.height(); y++) {
            int row = (p.y0() + y) * w + p.x0();
            System.arraycopy(src, y * p.width(), part.pixels, row, p.width());
            for (int x = 0; x < p.width(); x++) {
                if (!part.covered.get(row + x)) {
                    part.covered.set(row + x);
                    part.count++;
                }
            }
        }
        if (part.count == part.pixels.length) {
            partial.remove(key);
            return part.pixels;
        }
        return null;
    }

    /** Drops partial planes of volumes below {@code frame} (committed or given up). */
    void dropBelow(long frame) {
        partial.keySet().removeIf(k -> k / 4096 < frame);
    }

    int partialPlanes() {
        return partial.size();
    }
}
