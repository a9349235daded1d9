package org.zaploop.sim.networks;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.zaploop.sim.engine.Rng;

/**
 * Places neuron centres uniformly inside ellipsoidal regions with a minimum centre spacing, by random sequential
 * addition: a candidate drawn uniformly in the region is kept only if no centre placed so far (in any region) lies
 * closer than the spacing. Real nuclei do not interpenetrate, so one nucleus diameter is the physical minimum.
 *
 * <p>A region too dense to hold its neurons at the spacing (random sequential addition jams near a packing
 * fraction of 0.38) gets a smaller one: the spacing starts at what a packing fraction of 0.3 allows and shrinks
 * by 3 % whenever {@value #TRIES} candidates in a row fail. At ZAPBench's 71,721 neurons this happens in the
 * small, crowded regions (pretectum, motor pools); at the demo's 10,000 never. With spacing 0 every candidate is
 * kept and the draws are those of plain uniform placement. Reads and writes no topic or store.
 */
final class NucleusPlacement {

    static final int TRIES = 200;
    private static final double MAX_PACKING = 0.3;

    private final double spacing;
    private final float[] pos;
    /** Indices of placed centres by grid cell (cell side = the spacing). */
    private final Map<Long, int[]> cells = new HashMap<>();
    private double smallest;

    /** @param pos output, interleaved x, y, z µm (3 × neurons) */
    NucleusPlacement(double spacingUm, float[] pos) {
        if (!(spacingUm >= 0)) {
            throw new IllegalArgumentException("nucleus spacing must be ≥ 0 µm, got " + spacingUm);
        }
        this.spacing = spacingUm;
        this.pos = pos;
        this.smallest = spacingUm;
    }

    /** Places neurons {@code from .. from + count} in the region. */
    void place(BrainRegion r, Rng rng, int from, int count) {
        double volume = 4.0 / 3.0 * Math.PI * r.rxUm() * r.ryUm() * r.rzUm();
        // largest spacing whose spheres fill MAX_PACKING of the region: n · π d³ / 6 = MAX_PACKING · V
        double feasible = Math.cbrt(6 * MAX_PACKING * volume / (Math.PI * Math.max(1, count)));
        double d = Math.min(spacing, feasible);
        int failures = 0;
        for (int i = from; i < from + count; ) {
            draw(r, rng, i);
            if (d <= 0 || clear(i, d)) {
                add(i);
                i++;
                failures = 0;
            } else if (++failures == TRIES) {
                d *= 0.97;
                failures = 0;
            }
        }
        smallest = Math.min(smallest, d);
    }

    /** The smallest spacing any region needed, µm (the requested one when all fit). */
    double smallestSpacingUm() {
        return smallest;
    }

    /** Uniform point inside the region's ellipsoid (rejection from the bounding box) into slot i. */
    private void draw(BrainRegion r, Rng rng, int i) {
        double x;
        double y;
        double z;
        do {
            x = 2 * rng.nextDouble() - 1;
            y = 2 * rng.nextDouble() - 1;
            z = 2 * rng.nextDouble() - 1;
        } while (x * x + y * y + z * z > 1);
        pos[3 * i] = (float) (r.cxUm() + x * r.rxUm());
        pos[3 * i + 1] = (float) (r.cyUm() + y * r.ryUm());
        pos[3 * i + 2] = (float) (r.czUm() + z * r.rzUm());
    }

    /** Whether no placed centre lies within d of candidate i (d ≤ the cell side, so 3 × 3 × 3 cells suffice). */
    private boolean clear(int i, double d) {
        int cx = cell(pos[3 * i]);
        int cy = cell(pos[3 * i + 1]);
        int cz = cell(pos[3 * i + 2]);
        double d2 = d * d;
        for (int z = cz - 1; z <= cz + 1; z++) {
            for (int y = cy - 1; y <= cy + 1; y++) {
                for (int x = cx - 1; x <= cx + 1; x++) {
                    int[] in = cells.get(key(x, y, z));
                    if (in == null) {
                        continue;
                    }
                    for (int k = 1; k <= in[0]; k++) {
                        int j = in[k];
                        double dx = pos[3 * j] - pos[3 * i];
                        double dy = pos[3 * j + 1] - pos[3 * i + 1];
                        double dz = pos[3 * j + 2] - pos[3 * i + 2];
                        if (dx * dx + dy * dy + dz * dz < d2) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    private void add(int i) {
        if (spacing <= 0) {
            return;
        }
        long k = key(cell(pos[3 * i]), cell(pos[3 * i + 1]), cell(pos[3 * i + 2]));
        int[] in = cells.get(k);
        if (in == null) {
            in = new int[5];
        } else if (in[0] + 1 == in.length) {
            in = Arrays.copyOf(in, 2 * in.length);
        }
        in[++in[0]] = i;
        cells.put(k, in);
    }

    private int cell(float um) {
        return (int) Math.floor(um / spacing);
    }

    private static long key(int x, int y, int z) {
        return ((long) (x & 0x1FFFFF) << 42) | ((long) (y & 0x1FFFFF) << 21) | (z & 0x1FFFFF);
    }
}
