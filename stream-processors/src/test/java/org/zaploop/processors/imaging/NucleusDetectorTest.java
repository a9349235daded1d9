package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class NucleusDetectorTest {

    private static final int W = 96;
    private static final int H = 80;
    private static final int D = 6;

    @Test
    void findsEveryNucleusOfASyntheticVolumeAndNothingElse() {
        SplittableRandom r = new SplittableRandom(11);
        float radius = 2.5f;
        // nuclei on a jittered grid (at least 2.4 radii apart), each a bright disc in one or two planes
        int n = 0;
        float[] cx = new float[400];
        float[] cy = new float[400];
        int[] cz = new int[400];
        for (int z = 0; z < D; z++) {
            for (int gy = 8; gy < H - 6; gy += 9) {
                for (int gx = 8; gx < W - 6; gx += 9) {
                    if ((gx / 9 + gy / 9 + z) % 2 == 0 || r.nextDouble() < 0.3) {
                        continue;
                    }
                    cx[n] = gx + (float) r.nextDouble(-1, 1);
                    cy[n] = gy + (float) r.nextDouble(-1, 1);
                    cz[n] = z;
                    n++;
                }
            }
        }
        float[] v = new float[W * H * D];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + (float) (5 * r.nextGaussian());
        }
        for (int k = 0; k < n; k++) {
            float bright = (float) r.nextDouble(150, 400);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double d2 = (x - cx[k]) * (x - cx[k]) + (y - cy[k]) * (y - cy[k]);
                    if (d2 <= radius * radius) {
                        v[x + y * W + cz[k] * W * H] += bright;
                    }
                }
            }
        }
        NucleusDetector.Nuclei found = new NucleusDetector(NucleusDetector.Params.forRadius(radius, 0.4f))
                .detect(v, W, H, D);
        int matched = 0;
        boolean[] used = new boolean[found.count()];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < found.count(); j++) {
                if (!used[j] && Math.round(found.z()[j]) == cz[k]
                        && Math.hypot(found.x()[j] - cx[k], found.y()[j] - cy[k]) <= radius) {
                    used[j] = true;
                    matched++;
                    int size = found.start()[j + 1] - found.start()[j];
                    assertTrue(size >= 9 && size <= 30, "footprint of about a disc of the radius, got " + size);
                    for (int q = found.start()[j]; q < found.start()[j + 1]; q++) {
                        int vx = found.voxels()[q] % (W * H) % W;
                        int vy = found.voxels()[q] % (W * H) / W;
                        int vz = found.voxels()[q] / (W * H);
                        assertTrue(vz == cz[k] && Math.hypot(vx - cx[k], vy - cy[k]) <= 1.5 * radius + 0.5,
                                "footprint voxel (" + vx + ", " + vy + ", " + vz + ") belongs to its nucleus");
                        assertTrue(found.weights()[q] > 50, "weighted by the nucleus' brightness: "
                                + found.weights()[q]);
                    }
                    break;
                }
            }
        }
        assertTrue(n > 100, "enough nuclei to mean something: " + n);
        assertEquals(n, matched, "every nucleus found within one radius");
        assertEquals(n, found.count(), "no detection without a nucleus");
    }

    /**
     * Nuclei packed as real ones are (centres one diameter apart in 3-D, random sequential addition), imaged as the
     * virtual fish images them at ZAPBench's z-sampling: discs of radius 1.85 voxels in x and y, spread over planes
     * by the light sheet (σ = 0.625 planes; the radius is 0.75 planes), over a noisy background. 900 nuclei in
     * this volume fill 6.5 % of it with their exclusion spheres, the virtual fish's density at the demo's 10,000
     * neurons (its hindbrain: 6.3 %).
     */
    @Test
    void separatesNucleiPackedOneDiameterApart() {
        int w = 96;
        int h = 96;
        int d = 16;
        float r = 1.85f;
        float rz = 0.75f;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] cx = new float[900];
        float[] cy = new float[900];
        float[] cz = new float[900];
        int n = 0;
        for (int tries = 0; tries < 200_000 && n < cx.length; tries++) {
            float x = (float) rnd.nextDouble(4, w - 4);
            float y = (float) rnd.nextDouble(4, h - 4);
            float z = (float) rnd.nextDouble(1, d - 1);
            boolean free = true;
            for (int j = 0; j < n && free; j++) {
                // distance in nucleus radii: one diameter = 2
                float ex = (cx[j] - x) / r;
                float ey = (cy[j] - y) / r;
                float ez = (cz[j] - z) / rz;
                free = ex * ex + ey * ey + ez * ez >= 4;
            }
            if (free) {
                cx[n] = x;
                cy[n] = y;
                cz[n] = z;
                n++;
            }
        }
        float[] v = new float[w * h * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = 160 + (float) (3 * rnd.nextGaussian());
        }
        for (int k = 0; k < n; k++) {
            float bright = (float) rnd.nextDouble(250, 550);
            for (int z = 0; z < d; z++) {
                double zw = Math.exp(-(z - cz[k]) * (z - cz[k]) / (2 * 0.625 * 0.625));
                for (int y = (int) cy[k] - 3; y <= (int) cy[k] + 3; y++) {
                    for (int x = (int) cx[k] - 3; x <= (int) cx[k] + 3; x++) {
                        if (Math.hypot(x - cx[k], y - cy[k]) <= r) {
                            v[x + y * w + z * w * h] += (float) (bright * zw);
                        }
                    }
                }
            }
        }
        NucleusDetector.Nuclei found = new NucleusDetector(NucleusDetector.Params.forRadius(r, rz)).detect(v, w, h, d);
        int[] matchOf = org.zaploop.processors.bench.SegmentationScore.match(cx, cy, cz, found.x(), found.y(),
                found.z(), r, rz);
        int matched = org.zaploop.processors.bench.SegmentationScore.matched(java.util.Arrays.copyOf(matchOf, n));
        assertTrue(n > 500, "a crowded volume: " + n + " nuclei");
        double precision = (double) matched / found.count();
        double recall = (double) matched / n;
        assertTrue(precision >= 0.95, "precision " + precision + " (" + matched + " of " + found.count() + ")");
        assertTrue(recall >= 0.95, "recall " + recall + " (" + matched + " of " + n + ")");
    }
}
