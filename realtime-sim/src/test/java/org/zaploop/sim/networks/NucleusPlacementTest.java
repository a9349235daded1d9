package org.zaploop.sim.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NucleusPlacementTest {

    @Test
    void theDemoBrainKeepsEveryPairOfCentresOneNucleusDiameterApart() {
        float[] pos = ZebrafishNetwork.spec(10_000, 10, 1.0, 7, 6.0).positionsUm();
        assertEquals(30_000, pos.length);
        assertTrue(closestPairUm(pos) >= 6.0, "closest pair " + closestPairUm(pos) + " µm");
        float[] uniform = ZebrafishNetwork.spec(10_000, 10, 1.0, 7).positionsUm();
        assertTrue(closestPairUm(uniform) < 2.0, "without exclusion nuclei overlap: " + closestPairUm(uniform));
    }

    @Test
    void spacingZeroIsPlainUniformPlacement() {
        assertArrayEquals(ZebrafishNetwork.spec(2_000, 10, 1.0, 3).positionsUm(),
                ZebrafishNetwork.spec(2_000, 10, 1.0, 3, 0).positionsUm());
    }

    @Test
    void aRegionTooCrowdedForTheSpacingStillHoldsAllItsNeuronsAtASmallerOne() {
        float[] pos = new float[3 * 3000];
        NucleusPlacement p = new NucleusPlacement(6.0, pos);
        // a sphere of radius 40 µm holds 268,083 µm³: 3,000 neurons leave 89 µm³ each, less than a 6 µm sphere
        BrainRegion tight = new BrainRegion("tight", 0.1, 100, 100, 100, 40, 40, 40, false);
        p.place(tight, org.zaploop.sim.engine.Rng.derive(1, 1), 0, 3000);
        double used = p.smallestSpacingUm();
        assertTrue(used < 6.0 && used > 2.0, "spacing used " + used);
        assertTrue(closestPairUm(pos) >= used - 1e-4, "closest " + closestPairUm(pos) + " vs " + used);
        for (int i = 0; i < 3000; i++) {
            double dx = pos[3 * i] - 100;
            double dy = pos[3 * i + 1] - 100;
            double dz = pos[3 * i + 2] - 100;
            assertTrue(dx * dx + dy * dy + dz * dz <= 40 * 40 + 1e-3, "inside the region");
        }
    }

    /** Brute force over all pairs. */
    private static double closestPairUm(float[] p) {
        int n = p.length / 3;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = p[3 * i] - p[3 * j];
                double dy = p[3 * i + 1] - p[3 * j + 1];
                double dz = p[3 * i + 2] - p[3 * j + 2];
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
        }
        return Math.sqrt(best);
    }
}
