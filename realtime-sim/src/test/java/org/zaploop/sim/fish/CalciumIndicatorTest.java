package org.zaploop.sim.fish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalciumIndicatorTest {

    private static final CalciumIndicator.Params P = new CalciumIndicator.Params(0.2, 2.0, 1.0, 4.0, 1.2, 0);

    @Test
    void oneSpikeFollowsTheDifferenceOfExponentials() {
        CalciumIndicator ind = new CalciumIndicator(P, 1);
        double dt = 0.01;
        ind.step(dt, new int[] {1});
        float[] dff = new float[1];
        int[] none = {0};
        for (int k = 1; k < 100; k++) {
            ind.step(dt, none);
        }
        // After the spike step, 99 further steps: c = e^{-t/τd} − e^{-t/τr} with t = 0.99 s.
        double t = 0.99;
        double c = Math.exp(-t / 2.0) - Math.exp(-t / 0.2);
        ind.trueDff(dff);
        assertEquals(1.2 * c / (c + 4.0), dff[0], 1e-5);
    }

    @Test
    void fluorescenceRisesThenDecaysAndSaturates() {
        CalciumIndicator ind = new CalciumIndicator(P, 2);
        float[] dff = new float[2];
        ind.step(0.01, new int[] {1, 200});
        double peak = 0;
        double peakT = 0;
        for (int k = 1; k <= 500; k++) {
            ind.step(0.01, new int[] {0, 0});
            ind.trueDff(dff);
            if (dff[0] > peak) {
                peak = dff[0];
                peakT = k * 0.01;
            }
        }
        assertTrue(peakT > 0.2 && peakT < 1.0, "peak after the rise time, got " + peakT);
        assertTrue(dff[0] < peak * 0.2, "decayed after 5 s");
        CalciumIndicator burst = new CalciumIndicator(P, 1);
        burst.step(0.01, new int[] {10_000});
        burst.step(0.3, new int[] {0});
        burst.trueDff(dff);
        assertTrue(dff[0] < 1.2 && dff[0] > 1.1, "saturates below ΔF/F max, got " + dff[0]);
    }

    @Test
    void bleachingFollowsItsTimeConstant() {
        CalciumIndicator ind = new CalciumIndicator(new CalciumIndicator.Params(0.2, 2.0, 1, 4, 1.2, 100), 1);
        for (int k = 0; k < 100; k++) {
            ind.step(1.0, new int[] {0});
        }
        assertEquals(Math.exp(-1), ind.bleachFactor(), 1e-9);
    }

    @Test
    void rejectsRiseSlowerThanDecay() {
        assertThrows(IllegalArgumentException.class, () -> new CalciumIndicator.Params(2, 1, 1, 1, 1, 0));
    }
}
