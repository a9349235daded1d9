package org.zaploop.sim.fish;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standard fish behaves like a fish: it swims to forward gratings, and less when its swimming counts more. */
class StandardFishBehaviourTest {

    private static final FishGeometry TINY = new FishGeometry(32, 24, 2, 26.0, 144.0, 0.9141, 3000);
    private static final long T0 = 1_700_000_000_000_000_000L;

    /** Seconds spent swimming during {@code seconds} of a stimulus shown from the start. */
    private static double swimSeconds(String stimulus, Map<String, Double> params, double seconds, long seed) {
        RigOutput discard = new RigOutput() {
            public void plane(long f, int z, long t, short[] p) { }
            public void ephys(long s, long t, float[] d, int n) { }
            public void presented(String s, Map<String, Double> p, int c, long t, long q, String note) { }
        };
        try (StandardFish sf = StandardFish.build(VirtualFish.Config.defaults(TINY, seed), discard, T0, 1)) {
            VirtualFish fish = sf.fish();
            fish.command(new FishCommand(0, stimulus, params, -1, T0, T0 + (long) ((seconds + 1) * 1e9)));
            int ticks = (int) Math.round(seconds / fish.config().blockS());
            for (int k = 0; k < ticks; k++) {
                fish.tick();
            }
            List<Bout> bouts = fish.bouts();
            return bouts.stream().mapToDouble(b -> (b.offsetSample() - b.onsetSample()) / EphysLayout.SAMPLE_RATE_HZ).sum();
        }
    }

    @Test
    void aForwardGratingMakesItSwimMoreThanAGreyScreen() {
        double grey = swimSeconds("OFF", Map.of(), 20, 1);
        double grating = swimSeconds("GRATING", Map.of("velocity", 10.0, "gain", 0.0), 20, 1);
        assertTrue(grating > 2 * grey + 0.5, "grating " + grating + " s vs grey " + grey + " s of swimming in 20 s");
    }

    @Test
    void aHigherClosedLoopGainMakesItSwimLess() {
        double low = swimSeconds("GRATING", Map.of("velocity", 10.0, "gain", 0.2), 20, 2);
        double high = swimSeconds("GRATING", Map.of("velocity", 10.0, "gain", 1.5), 20, 2);
        assertTrue(high < 0.8 * low, "gain 1.5: " + high + " s vs gain 0.2: " + low + " s of swimming in 20 s");
    }
}
