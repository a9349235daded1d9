package org.zaploop.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.Stimulus;

class CandidateForecasterTest {

    @Test
    void namesRoundTripThroughTheForecasterField() {
        List<CandidateForecaster> list = CandidateForecaster.parseList("off, PHOTOSTIM:intensity=0.50,FLASH:intensity=1e-1");
        assertEquals(List.of("mpc.OFF", "mpc.PHOTOSTIM.intensity.0.5", "mpc.FLASH.intensity.0.1"),
                list.stream().map(CandidateForecaster::forecaster).toList());
        for (CandidateForecaster c : list) {
            assertEquals(c, CandidateForecaster.parse(c.forecaster()).orElseThrow());
        }
        assertEquals(Map.of("intensity", 0.5), list.get(1).params());
        assertEquals(Stimulus.OFF, list.get(0).stimulus());
        assertTrue(CandidateForecaster.parse("linear").isEmpty(), "other forecasters are no candidates");
        assertTrue(CandidateForecaster.parseList("").isEmpty());
    }

    @Test
    void rejectsWhatIsNotACandidateNamingTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CandidateForecaster.parseList("OFF,LASER:intensity=1"));
        assertTrue(e.getMessage().contains("LASER"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CandidateForecaster.parseList("FLASH:intensity"));
        assertThrows(IllegalArgumentException.class, () -> CandidateForecaster.parse("mpc.FLASH.intensity"));
        assertThrows(IllegalArgumentException.class, () -> CandidateForecaster.parse("mpc.FLASH.intensity.x"));
        assertThrows(IllegalArgumentException.class, () -> CandidateForecaster.parseList("FLASH:intensity=NaN"));
    }
}
