package org.zaploop.processors.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.zaploop.processors.imaging.OfflineDff;

/**
 * Scores an online segmentation and its traces against ground truth, for {@code zaploop bench segmentation}:
 * detection precision and recall (a detection matches a true neuron whose centre is within the nucleus radius in
 * x and y and within {@code matchZ} planes in z; one-to-one, nearest pairs first), registration RMS error, and
 * correlations of ΔF/F traces. Works on primitive arrays; reads and writes no topic or store.
 */
public final class SegmentationScore {

    private SegmentationScore() {
    }

    /**
     * One-to-one matches between true and detected centres (voxels, planes).
     *
     * @return for each true neuron the detection matched to it, or −1
     */
    public static int[] match(float[] tx, float[] ty, float[] tz, float[] dx, float[] dy, float[] dz, float radius,
                              float matchZ) {
        int cell = Math.max(1, (int) Math.ceil(radius));
        Map<Long, List<Integer>> grid = new HashMap<>();
        for (int j = 0; j < dx.length; j++) {
            grid.computeIfAbsent(key((int) Math.floor(dx[j] / cell), (int) Math.floor(dy[j] / cell)),
                    k -> new ArrayList<>()).add(j);
        }
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < tx.length; i++) {
            int gx = (int) Math.floor(tx[i] / cell);
            int gy = (int) Math.floor(ty[i] / cell);
            for (int yy = gy - 1; yy <= gy + 1; yy++) {
                for (int xx = gx - 1; xx <= gx + 1; xx++) {
                    for (int j : grid.getOrDefault(key(xx, yy), List.of())) {
                        double d = Math.hypot(tx[i] - dx[j], ty[i] - dy[j]);
                        if (d <= radius && Math.abs(tz[i] - dz[j]) <= matchZ) {
                            pairs.add(new double[] {d, i, j});
                        }
                    }
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(a[0], b[0]));
        int[] matchOf = new int[tx.length];
        Arrays.fill(matchOf, -1);
        boolean[] used = new boolean[dx.length];
        for (double[] p : pairs) {
            int i = (int) p[1];
            int j = (int) p[2];
            if (matchOf[i] < 0 && !used[j]) {
                matchOf[i] = j;
                used[j] = true;
            }
        }
        return matchOf;
    }

    /**
     * Which true neurons are resolvable in principle: no other centre within {@code distance} in x and y and
     * {@code planes} in z (nuclei closer than that image as one blob).
     */
    public static boolean[] isolated(float[] x, float[] y, float[] z, float distance, float planes) {
        int cell = Math.max(1, (int) Math.ceil(distance));
        Map<Long, List<Integer>> grid = new HashMap<>();
        for (int i = 0; i < x.length; i++) {
            grid.computeIfAbsent(key((int) Math.floor(x[i] / cell), (int) Math.floor(y[i] / cell)),
                    k -> new ArrayList<>()).add(i);
        }
        boolean[] alone = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            int gx = (int) Math.floor(x[i] / cell);
            int gy = (int) Math.floor(y[i] / cell);
            boolean near = false;
            for (int yy = gy - 1; yy <= gy + 1 && !near; yy++) {
                for (int xx = gx - 1; xx <= gx + 1 && !near; xx++) {
                    for (int j : grid.getOrDefault(key(xx, yy), List.of())) {
                        if (j != i && Math.abs(z[i] - z[j]) < planes
                                && Math.hypot(x[i] - x[j], y[i] - y[j]) < distance) {
                            near = true;
                            break;
                        }
                    }
                }
            }
            alone[i] = !near;
        }
        return alone;
    }

    private static long key(int x, int y) {
        return ((long) x << 32) ^ (y & 0xFFFFFFFFL);
    }

    /** Matched true neurons. */
    public static int matched(int[] matchOf) {
        int m = 0;
        for (int j : matchOf) {
            if (j >= 0) {
                m++;
            }
        }
        return m;
    }

    /** Pearson correlation of a[from..to) and b[from..to) taken with strides (column i of row-major tables). */
    public static double correlation(float[] a, int aCols, int ai, float[] b, int bCols, int bi, int from, int to) {
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        int n = to - from;
        for (int t = from; t < to; t++) {
            double x = a[t * aCols + ai];
            double y = b[t * bCols + bi];
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
        }
        double cov = sab - sa * sb / n;
        double va = saa - sa * sa / n;
        double vb = sbb - sb * sb / n;
        return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
    }

    /** The median of the values (NaN for none). */
    public static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }

    /**
     * ZAPBench's offline (centred-window) ΔF/F of every column of a row-major {@code raw[frames × neurons]}, in a
     * table of the same layout.
     */
    public static float[] offlineDff(float[] raw, int frames, int neurons, int halfWindow, double percentile) {
        float[] out = new float[raw.length];
        float[] col = new float[frames];
        float[] dff = new float[frames];
        for (int i = 0; i < neurons; i++) {
            for (int t = 0; t < frames; t++) {
                col[t] = raw[t * neurons + i];
            }
            OfflineDff.compute(col, dff, halfWindow, percentile);
            for (int t = 0; t < frames; t++) {
                out[t * neurons + i] = dff[t];
            }
        }
        return out;
    }
}
