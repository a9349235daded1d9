package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReferenceVolumeTest {

    private static final int W = 32;
    private static final int H = 28;

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
        assertEquals(600, m[20 + 10 * W], 1e-3, "covered by both volumes, the interpolation's weights summing to 1");
        assertEquals(500, m[W * H + 5 + 5 * W], 1e-3);
        assertThrows(IllegalArgumentException.class, () -> r.add(2, flat, 0, 0));
    }
}
