package org.zaploop.sim.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zaploop.sim.engine.Network;
import org.zaploop.sim.engine.NetworkBuilder;
import org.zaploop.sim.networks.ZebrafishNetwork;

class RegionMapTest {

    @Test
    void placesNeuronsInTheRegionTheyWereDrawnFromAndMapsThemOneToOne() {
        int n = 2000;
        RegionMap map = TwinFixtures.table(n, 9);
        Network twin = NetworkBuilder.build(ZebrafishNetwork.spec(n, 10, 1.0, 1), 2);
        int[] truthRegion = twin.regionIndex(); // the table was drawn with the same region sizes, in region order
        int right = 0;
        for (int m = 0; m < n; m++) {
            if (map.regionOf(m) == truthRegion[m]) {
                right++;
            }
        }
        assertTrue(right > 0.9 * n, "most neurons should land in their own region, got " + right + " of " + n);
        int[] twinOf = map.twinNeurons(twin.regionIndex());
        Set<Integer> used = new HashSet<>();
        for (int m = 0; m < n; m++) {
            assertEquals(map.regionOf(m), truthRegion[twinOf[m]], "a measured neuron maps into its own region");
            used.add(twinOf[m]);
        }
        assertTrue(used.size() > 0.9 * n, "the map should be nearly one-to-one, used " + used.size());
    }

    @Test
    void rejectsAnEmptyOrRaggedTable() {
        assertThrows(IllegalArgumentException.class,
                () -> RegionMap.fromCentroids(new float[0], new float[0], new float[0], 8, 8, 1));
        assertThrows(IllegalArgumentException.class,
                () -> RegionMap.fromCentroids(new float[2], new float[1], new float[2], 8, 8, 1));
    }
}
