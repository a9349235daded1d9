package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PatchRegistrationTest {

    private static final int W = 192;
    private static final int H = 160;
    private static final double WAVELENGTH = 160;

    /** Blobs at random positions, each displaced by rigid (rx, ry) plus the smooth field amp · sin(2π y / λ) in x. */
    private static float[] image(double[] pos, double rx, double ry, double amp) {
        float[] img = new float[W * H];
        for (int i = 0; i < pos.length; i += 2) {
            double cx = pos[i] + rx + amp * Math.sin(2 * Math.PI * pos[i + 1] / WAVELENGTH);
            double cy = pos[i + 1] + ry;
            for (int y = Math.max(0, (int) cy - 5); y < Math.min(H, (int) cy + 6); y++) {
                for (int x = Math.max(0, (int) cx - 5); x < Math.min(W, (int) cx + 6); x++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    img[x + y * W] += (float) (100 * Math.exp(-d2 / (2 * 1.5 * 1.5)));
                }
            }
        }
        return img;
    }

    @Test
    void recoversASmoothDeformationOnTopOfARigidShift() {
        SplittableRandom r = new SplittableRandom(3);
        double[] pos = new double[2 * 900];
        for (int i = 0; i < pos.length; i += 2) {
            pos[i] = r.nextDouble(W);
            pos[i + 1] = r.nextDouble(H);
        }
        PatchRegistration pr = new PatchRegistration(image(pos, 0, 0, 0), W, H, 1, 32, 3);
        ShiftField field = pr.newField();
        double rx = 4.3;
        double ry = -2.6;
        double amp = 1.5;
        pr.estimate(image(pos, rx, ry, amp), 4f, -3f, field);
        double se = 0;
        for (int row = 0; row < field.rows(); row++) {
            double y = 16 + 16 * row;
            double expectedX = rx + amp * Math.sin(2 * Math.PI * y / WAVELENGTH);
            for (int c = 0; c < field.columns(); c++) {
                se += Math.pow(field.patchDx(c, row) - expectedX, 2) + Math.pow(field.patchDy(c, row) - ry, 2);
            }
        }
        double rms = Math.sqrt(se / (field.rows() * field.columns()));
        assertTrue(rms < 0.3, "patch shifts within 0.3 pixel RMS of the true field, got " + rms);
        assertTrue(pr.fallbacks() < pr.patches() / 4, "most patches found their own peak");

        // between patch centres the field is interpolated: a neuron halfway between two rows gets their mean
        float[] dx = new float[1];
        float[] dy = new float[1];
        field.sample(new float[] {16 + 16 * 2.5f}, new float[] {16 + 16 * 1.5f}, dx, dy);
        assertEquals(0.5 * (field.patchDx(2, 1) + field.patchDx(2, 2)), dx[0], 0.5 * Math.abs(field.patchDx(3, 1)
                - field.patchDx(2, 1)) + 1e-4);
    }
}
