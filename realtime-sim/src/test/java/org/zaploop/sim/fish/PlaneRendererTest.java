package org.zaploop.sim.fish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlaneRendererTest {

    private static final FishGeometry G = new FishGeometry(64, 48, 4, 1.0, 5.0, 0.9141, 2);
    private static final CameraParams NOISELESS = CameraParams.typical().noiseless();

    /** Intensity-weighted centroid of a plane above the background, in pixels. */
    private static double[] centroid(short[] px, int w, double background) {
        double sx = 0;
        double sy = 0;
        double s = 0;
        for (int i = 0; i < px.length; i++) {
            double v = Math.max(0, Short.toUnsignedInt(px[i]) - background);
            sx += v * (i % w);
            sy += v * (i / w);
            s += v;
        }
        return new double[] {sx / s, sy / s, s};
    }

    @Test
    void aNucleusImagesAtItsPositionAndBrightensWithFluorescence() {
        // One neuron at (20.3, 30.6) µm = voxels at 1 µm, in plane 2 (z = 10 µm at 5 µm spacing).
        PlaneRenderer r = new PlaneRenderer(G, NOISELESS, new float[] {20.3f, 30.6f, 10f}, 1);
        short[] px = new short[G.pixelsPerPlane()];
        double bg = NOISELESS.offset() + NOISELESS.background();
        Motion still = new Motion(MotionParams.none(), 1);
        r.render(2, still, new float[] {1f}, px);
        double[] c = centroid(px, G.width(), bg);
        assertEquals(20.3, c[0], 0.05);
        assertEquals(30.6, c[1], 0.05);
        r.render(2, still, new float[] {2f}, px);
        assertEquals(2 * c[2], centroid(px, G.width(), bg)[2], 0.01 * c[2], "twice the fluorescence, twice the signal");
        r.render(0, still, new float[] {1f}, px);
        assertTrue(centroid(px, G.width(), bg)[2] < 0.01 * c[2], "two planes away the nucleus is out of focus");
    }

    @Test
    void rigidMotionShiftsTheImageByTheTrueShift() {
        PlaneRenderer r = new PlaneRenderer(G, NOISELESS, new float[] {30f, 20f, 10f}, 1);
        Motion m = new Motion(new MotionParams(2.0, 0, 0, 0, 200, 100), 7);
        for (int k = 0; k < 3; k++) {
            m.nextVolume();
        }
        short[] px = new short[G.pixelsPerPlane()];
        r.render(2, m, new float[] {1f}, px);
        double[] c = centroid(px, G.width(), NOISELESS.offset() + NOISELESS.background());
        assertEquals(30 + m.dxUm(), c[0], 0.1);
        assertEquals(20 + m.dyUm(), c[1], 0.1);
    }

    @Test
    void cameraNoiseHasTheExpectedSpread() {
        CameraParams cam = CameraParams.typical();
        PlaneRenderer r = new PlaneRenderer(new FishGeometry(256, 256, 1, 1, 5, 1, 1), cam, new float[] {-100, -100, 0}, 3);
        short[] px = new short[256 * 256];
        r.render(0, new Motion(MotionParams.none(), 1), new float[] {1f}, px);
        double mean = Arrays.stream(toInts(px)).average().orElseThrow();
        double var = Arrays.stream(toInts(px)).mapToDouble(v -> (v - mean) * (v - mean)).sum() / px.length;
        double expectedVar = cam.gain() * cam.gain() * cam.background() + cam.readNoise() * cam.readNoise();
        assertEquals(cam.offset() + cam.gain() * cam.background(), mean, 0.5);
        assertEquals(expectedVar, var, 0.1 * expectedVar);
    }

    @Test
    void labelsMarkEachNucleusWithItsIndexPlusOne() {
        PlaneRenderer r = new PlaneRenderer(G, NOISELESS, new float[] {10f, 10f, 10f, 50f, 30f, 15f}, 1);
        int[] labels = r.labels();
        int w = G.width();
        int h = G.height();
        assertEquals(1, labels[(2 * h + 10) * w + 10]);
        assertEquals(2, labels[(3 * h + 30) * w + 50]);
        assertEquals(0, labels[(2 * h + 30) * w + 30], "background between nuclei");
    }

    private static int[] toInts(short[] px) {
        int[] v = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            v[i] = Short.toUnsignedInt(px[i]);
        }
        return v;
    }
}
