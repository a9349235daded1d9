package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReferenceVolumeTest {

    private static final int W = 32;
    private static final int H = 28;

    /** A bright disc of radius 1.85 voxels at (cx, cy) with a sharp rim, the demo's nucleus, on a background of 100. */
    private static short[] disc(double cx, double cy) {
        short[] p = new short[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double r = Math.hypot(x - cx, y - cy);
                p[x + y * W] = (short) Math.round(100 + 1000 / (1 + Math.exp((r - 1.85) / 0.18)));
            }
        }
        return p;
    }

    @Test
    void aVolumeMovedByAFractionOfAVoxelAddsBackAsSharpAsItWas() {
        double cx = 15.2;
        double cy = 13.6;
        ReferenceVolume still = new ReferenceVolume(W, H, 1);
        still.add(0, disc(cx, cy), 0, 0);
        float[] weights = still.mean();
        for (int v = 0; v < weights.length; v++) {
            weights[v] -= 100;
        }
        double light = matched(weights, still.mean());
        for (float[] d : new float[][] {{0.5f, 0.5f}, {0.25f, -0.75f}, {-1.5f, 2.5f}}) {
            ReferenceVolume moved = new ReferenceVolume(W, H, 1);
            moved.add(0, disc(cx + d[0], cy + d[1]), d[0], d[1]);
            moved.volumeDone();
            double back = matched(weights, moved.mean());
            // bilinear interpolation blurred the nucleus: 13 % less light through the same weights (0.87 to 0.91)
            assertEquals(1, back / light, 0.04, "shift " + d[0] + ", " + d[1]);
        }
    }

    /** The light above background seen through weights shaped like the nucleus: what a trace reads. */
    private static double matched(float[] weights, float[] mean) {
        double s = 0;
        double w = 0;
        for (int v = 0; v < weights.length; v++) {
            s += weights[v] * (mean[v] - 100);
            w += weights[v];
        }
        return s / w;
    }

    @Test
    void aFlatPlaneStaysFlatAndOnlyCoveredVoxelsCount() {
        short[] flat = new short[W * H];
        java.util.Arrays.fill(flat, (short) 500);
        ReferenceVolume r = new ReferenceVolume(W, H, 2);
        r.add(0, flat, 3.3f, -2.6f);
        r.add(1, flat, 0, 0);
        r.volumeDone();
        short[] bright = new short[W * H];
        java.util.Arrays.fill(bright, (short) 700);
        r.add(0, bright, 0, 0);
        r.volumeDone();
        float[] m = r.mean();
        assertEquals(2, r.volumes());
        // (1, 1) lay outside the first volume's moved plane: only the second volume covered it
        assertEquals(700, m[1 + W], 1e-3);
        assertEquals(600, m[20 + 10 * W], 1e-3, "covered by both volumes, the kernel's weights summing to 1");
        assertEquals(500, m[W * H + 5 + 5 * W], 1e-3);
        assertThrows(IllegalArgumentException.class, () -> r.add(2, flat, 0, 0));
    }
}
