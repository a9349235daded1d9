package org.zaploop.processors.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegistrationTest {

    private static double rmsError(SyntheticSession fish, Registration reg, int reference) {
        double se = 0;
        int n = 0;
        double worst = 0;
        for (int t = 0; t < fish.frames; t++) {
            for (int z = 0; z < fish.depth; z++) {
                reg.addPlane(fish.render(t, z));
            }
            Registration.Shift s = reg.finishVolume();
            if (t < reference) {
                assertEquals(Registration.Shift.NONE, s);
                continue;
            }
            double ex = s.dx() - fish.shiftX[t];
            double ey = s.dy() - fish.shiftY[t];
            se += ex * ex + ey * ey;
            worst = Math.max(worst, Math.hypot(ex, ey));
            n++;
        }
        double rms = Math.sqrt(se / n);
        System.out.printf("registration: rms %.3f voxel, worst %.3f voxel over %d volumes%n", rms, worst, n);
        return rms;
    }

    @Test
    void recoversKnownShiftsToBelowHalfAVoxelRms() {
        SyntheticSession fish = new SyntheticSession("fish-01", 128, 96, 6, 120, 30, 6f, 5, 5, 21);
        Registration reg = new Registration(fish.width, fish.height, 2, 5, 10, 1.0);
        assertTrue(rmsError(fish, reg, 5) < 0.5);
    }

    @Test
    void crossCorrelationWithoutDownsamplingAlsoWorks() {
        SyntheticSession fish = new SyntheticSession("fish-01", 64, 64, 4, 40, 15, 3f, 3, 5, 8);
        Registration reg = new Registration(fish.width, fish.height, 1, 3, 6, 0.0);
        assertTrue(rmsError(fish, reg, 3) < 0.5);
    }

    /** The projection a volume is registered by: per downsampled pixel, the max over planes of the block mean. */
    @Test
    void theProjectionIsTheMaxOverPlanesOfBlockMeans() {
        java.util.Random rnd = new java.util.Random(9);
        int width = 30;
        int height = 18;
        for (int f : new int[] {2, 3}) {
            Registration reg = new Registration(width, height, f, 1, 4, 1.0);
            float[] proj = reg.newProjection();
            short[][] planes = new short[3][width * height];
            for (short[] p : planes) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = (short) rnd.nextInt(65536); // uint16, the top bit set too
                }
                reg.addPlane(proj, p);
            }
            int w = width / f;
            for (int by = 0; by < height / f; by++) {
                for (int bx = 0; bx < w; bx++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (short[] p : planes) {
                        double sum = 0;
                        for (int y = by * f; y < by * f + f; y++) {
                            for (int x = bx * f; x < bx * f + f; x++) {
                                sum += p[x + y * width] & 0xFFFF;
                            }
                        }
                        best = Math.max(best, sum / (f * f));
                    }
                    assertEquals(best, proj[bx + by * w], 0.01, "downsampling " + f + ", pixel " + bx + "," + by);
                }
            }
        }
    }
}
