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
        PatchRegistration pr = new PatchRegistration(image(pos, 0, 0, 0), W, H, 1, 32, 3, 0);
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

    /** The fish's kind of wobble: x displaced along a wave in y, y along a wave in x, on top of a rigid shift. */
    private static double waveX(double x, double y) {
        return 2.2 + 1.4 * Math.sin(2 * Math.PI * y / 160 + 0.3);
    }

    private static double waveY(double x, double y) {
        return -1.3 + 1.4 * Math.sin(2 * Math.PI * x / 160 + 1.1);
    }

    /** Blobs at random positions, each moved by the wave at its reference position, brightness times gain. */
    private static float[] waved(double[] pos, boolean moved, double gain) {
        float[] img = new float[W * H];
        for (int i = 0; i < pos.length; i += 2) {
            double cx = pos[i] + (moved ? waveX(pos[i], pos[i + 1]) : 0);
            double cy = pos[i + 1] + (moved ? waveY(pos[i], pos[i + 1]) : 0);
            for (int y = Math.max(0, (int) cy - 5); y < Math.min(H, (int) cy + 6); y++) {
                for (int x = Math.max(0, (int) cx - 5); x < Math.min(W, (int) cx + 6); x++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    img[x + y * W] += (float) (gain * 100 * Math.exp(-d2 / (2 * 1.5 * 1.5)));
                }
            }
        }
        return img;
    }

    /** RMS distance between the field and the wave at points spread over the patch grid's interior. */
    private static double fieldError(ShiftField field, SplittableRandom r) {
        int n = 2000;
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) (16 + r.nextDouble(W - 32));
            ys[i] = (float) (16 + r.nextDouble(H - 32));
        }
        float[] dx = new float[n];
        float[] dy = new float[n];
        field.sample(xs, ys, dx, dy);
        double se = 0;
        for (int i = 0; i < n; i++) {
            se += Math.pow(dx[i] - waveX(xs[i], ys[i]), 2) + Math.pow(dy[i] - waveY(xs[i], ys[i]), 2);
        }
        return Math.sqrt(se / n);
    }

    @Test
    void refinementPassesFollowASmoothWobbleThatCorrelationPeaksDamp() {
        SplittableRandom r = new SplittableRandom(11);
        double[] pos = new double[2 * 1000];
        for (int i = 0; i < pos.length; i += 2) {
            pos[i] = r.nextDouble(W);
            pos[i + 1] = r.nextDouble(H);
        }
        float[] reference = waved(pos, false, 1);
        // the moved image is 30 % brighter: neurons fire between the reference and now
        float[] moved = waved(pos, true, 1.3);
        PatchRegistration peaks = new PatchRegistration(reference, W, H, 1, 32, 3, 0);
        PatchRegistration refined = new PatchRegistration(reference, W, H, 1, 32, 3, 2);
        ShiftField peakField = peaks.newField();
        ShiftField refinedField = refined.newField();
        peaks.estimate(moved, 2f, -1f, peakField);
        refined.estimate(moved, 2f, -1f, refinedField);
        double peakError = fieldError(peakField, new SplittableRandom(5));
        double refinedError = fieldError(refinedField, new SplittableRandom(5));
        assertTrue(refinedError < 0.12, "refined field within 0.12 pixel RMS of the wave, got " + refinedError
                + " (correlation peaks: " + peakError + ")");
        assertTrue(refinedError < 0.5 * peakError, "refined field " + refinedError
                + " pixel RMS off, at most half the correlation peaks' " + peakError);
    }

    @Test
    void warpingByTheTrueFieldLinesTheImageUpWithItsReference() {
        SplittableRandom r = new SplittableRandom(4);
        double[] pos = new double[2 * 1000];
        for (int i = 0; i < pos.length; i += 2) {
            pos[i] = r.nextDouble(W);
            pos[i + 1] = r.nextDouble(H);
        }
        float[] reference = waved(pos, false, 1);
        float[] moved = waved(pos, true, 1);
        // the wave on a grid every 8 pixels, as a field in voxels of an image downsampled 2×: pixel (x, y) is centred
        // on voxel (2x + 0.5, 2y + 0.5), and a shift of one pixel is two voxels
        ShiftField field = new ShiftField(W / 8, H / 8, 8, 8, 16);
        for (int row = 0; row < field.rows(); row++) {
            for (int c = 0; c < field.columns(); c++) {
                field.dx[c + row * field.columns()] = (float) (2 * waveX(3.75 + 8 * c, 3.75 + 8 * row));
                field.dy[c + row * field.columns()] = (float) (2 * waveY(3.75 + 8 * c, 3.75 + 8 * row));
            }
        }
        float[] unwarped = new float[W * H];
        field.warp(moved, W, H, 2, unwarped);
        double before = 0;
        double after = 0;
        double energy = 0;
        for (int y = 8; y < H - 8; y++) {
            for (int x = 8; x < W - 8; x++) {
                int i = x + y * W;
                before += Math.pow(moved[i] - reference[i], 2);
                after += Math.pow(unwarped[i] - reference[i], 2);
                energy += Math.pow(reference[i], 2);
            }
        }
        assertTrue(after < 0.01 * energy, "warped image within 1 % of the reference's energy, got "
                + after / energy);
        assertTrue(after < 0.1 * before, "warping removes at least 90 % of the mismatch: " + after + " of " + before);
    }

    @Test
    void oneLucasKanadeStepMeasuresASubPixelShiftWhateverTheBrightness() {
        SplittableRandom r = new SplittableRandom(8);
        double[] pos = new double[2 * 1000];
        for (int i = 0; i < pos.length; i += 2) {
            pos[i] = r.nextDouble(W);
            pos[i + 1] = r.nextDouble(H);
        }
        float[] reference = image(pos, 0, 0, 0);
        float[] moved = image(pos, 0.3, -0.2, 0);
        // twice as bright on a raised background: activity and bleaching change brightness, not position
        for (int i = 0; i < moved.length; i++) {
            moved[i] = 2 * moved[i] + 40;
        }
        PatchLucasKanade lk = new PatchLucasKanade(reference, W, H, 32, 16, (W - 32) / 16 + 1, (H - 32) / 16 + 1);
        int patches = ((W - 32) / 16 + 1) * ((H - 32) / 16 + 1);
        float[] dx = new float[patches];
        float[] dy = new float[patches];
        lk.residuals(moved, 0.2, dx, dy);
        for (int k = 0; k < patches; k++) {
            assertEquals(0.3, dx[k], 0.06, "patch " + k + " x");
            assertEquals(-0.2, dy[k], 0.06, "patch " + k + " y");
        }
    }
}
