package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.zaploop.controller.bench.GainResponse;
import org.zaploop.controller.bench.OptomotorFish;
import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

/** The virtual fish the optomotor benchmark closes its loop on, found by the controller through ServiceLoader. */
class VirtualOptomotorFishTest {

    @Test
    void theControllerFindsTheVirtualFishAndItSwimsToAGrating() {
        OptomotorFish fish = ServiceLoader.load(OptomotorFish.class).findFirst().orElseThrow();
        assertTrue(fish instanceof VirtualOptomotorFish);
        int swimming = 0;
        int records = 0;
        try (OptomotorFish.Session s = fish.open(1)) {
            for (int k = 0; k < 500; k++) { // 5 s of a grey screen: the detector learns the noise floor
                s.step();
            }
            long t0 = s.startNs() + 5_000_000_000L;
            s.command(new StimulusCommand("bench-gain", 1, t0, t0, t0, t0 + 30_000_000_000L, Stimulus.GRATING,
                    Map.of("velocity", 10.0, "gain", 0.0), "test", null));
            for (int k = 0; k < 1500; k++) { // 15 s
                Behavior b = s.step();
                if (b != null) {
                    records++;
                    swimming += b.swimming() ? 1 : 0;
                }
            }
        }
        assertEquals(1500, records, "one behaviour record per ephys block");
        assertTrue(swimming > 30, "it swims to a forward grating: " + swimming + " of 1500 blocks");
    }

    @Test
    void benchPolicyReportsTheGainResponseAsJson() throws Exception {
        ZapLoopCommandTest.Result r = ZapLoopCommandTest.run("bench", "policy", "--json", "--seeds", "3",
                "--setpoint-seeds", "1", "--frames", "100", "--decisions", "1000", "--gains", "0.2,1.5",
                "--gain-block-s", "8", "--gain-cycles", "1", "--gain-seeds", "1", "--fish-seeds", "0");
        assertEquals(0, r.exit(), r.err());
        com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out())
                .get("optomotor");
        assertEquals(2, o.get("byGain").size(), r.out());
        assertEquals(1.5, o.get("byGain").get(1).get("gain").asDouble());
        assertTrue(o.get("byGain").get(0).get("seconds").asDouble() > 5, r.out());
    }

    @Test
    void aHigherOptomotorGainMakesItSwimLess() {
        OptomotorFish fish = new VirtualOptomotorFish();
        List<GainResponse.Row> rows = GainResponse.measure(fish, new double[] {0.2, 1.5}, 12, 1, 2);
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).seconds() > 9 && rows.get(1).seconds() > 9, rows.toString());
        assertTrue(rows.get(1).swimFraction() < 0.8 * rows.get(0).swimFraction(), rows.toString());
    }
}
