package org.zaploop.processors.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zaploop.processors.imaging.topology.ImagingConfig;
import org.zaploop.processors.imaging.topology.ImagingRunner;

/** {@code zaploop run --retire-after} reaches the processors' configuration through a system property. */
class SessionRetirementTest {

    @AfterEach
    void clear() {
        System.clearProperty(SessionRetirement.PROPERTY);
        System.clearProperty(ImagingRunner.REPLAY_PROPERTY);
    }

    @Test
    void thePropertyOverridesTheDefaultAndNonsenseIsRefused() {
        assertEquals(1_800_000, SessionRetirement.afterMs(1_800_000));
        System.setProperty(SessionRetirement.PROPERTY, "7200000");
        assertEquals(7_200_000, SessionRetirement.afterMs(1_800_000));
        for (String bad : new String[] {"0", "-5", "2h"}) {
            System.setProperty(SessionRetirement.PROPERTY, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SessionRetirement.afterMs(1_800_000));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void imagingTakesRetirementAndReplayFromTheProperties() {
        ImagingConfig plain = ImagingRunner.fromProperties(ImagingConfig.defaults());
        assertEquals(ImagingConfig.DEFAULT_RETIRE_AFTER_MS, plain.retireAfterMs());
        assertFalse(plain.replay());
        System.setProperty(SessionRetirement.PROPERTY, "3600000");
        System.setProperty(ImagingRunner.REPLAY_PROPERTY, "true");
        ImagingConfig set = ImagingRunner.fromProperties(ImagingConfig.defaults());
        assertEquals(3_600_000, set.retireAfterMs());
        assertTrue(set.replay());
    }
}
