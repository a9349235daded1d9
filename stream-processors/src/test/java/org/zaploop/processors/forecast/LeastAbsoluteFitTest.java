package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastAbsoluteFitTest {

    /**
     * y = 2x + 1 plus skewed noise whose median is 0 (70 % of rows exact, 30 % a positive transient): least
     * absolute deviation recovers the line, least squares lifts the intercept by the transients' mean.
     */
    @Test
    void recoversTheMedianLineUnderSkewedNoise() {
        int m = 20_000;
        SplittableRandom r = new SplittableRandom(7);
        double[] f = new double[m * 2];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double x = r.nextDouble(-1, 1);
            f[2 * i] = x;
            f[2 * i + 1] = 1;
            double spike = r.nextDouble() < 0.3 ? -0.5 * Math.log(1 - r.nextDouble()) : 0;
            y[i] = 2 * x + 1 + spike + 0.001 * r.nextGaussian();
        }
        double[] lad = LeastAbsoluteFit.fit(f, y, m, 2, new double[] {0, 0}, 30);
        assertEquals(2.0, lad[0], 0.01);
        assertEquals(1.0, lad[1], 0.01);
        // least squares on the same rows (closed form for one feature and an intercept)
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < m; i++) {
            sx += f[2 * i];
            sy += y[i];
            sxx += f[2 * i] * f[2 * i];
            sxy += f[2 * i] * y[i];
        }
        double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        double intercept = (sy - slope * sx) / m;
        assertTrue(intercept > 1.1, "least squares intercept " + intercept);
        assertTrue(LeastAbsoluteFit.meanAbsoluteError(f, y, m, 2, lad)
                < LeastAbsoluteFit.meanAbsoluteError(f, y, m, 2, new double[] {slope, intercept}));
    }

    @Test
    void collinearFeaturesStaySolvable() {
        int m = 1000;
        double[] f = new double[m * 3];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double x = Math.sin(i * 0.37);
            f[3 * i] = x;
            f[3 * i + 1] = x; // the same feature twice, as a forecast that equals the context mean
            f[3 * i + 2] = 1;
            y[i] = 0.5 * x + 0.2;
        }
        double[] b = LeastAbsoluteFit.fit(f, y, m, 3, new double[] {1, 0, 0}, 20);
        assertEquals(0.5, b[0] + b[1], 1e-3);
        assertEquals(0.2, b[2], 1e-3);
    }
}
