package org.zaploop.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code --during}: the two moments the broker can be stopped at, and a clear refusal of anything else. */
class BrokerRestartCommandTest {

    @Test
    void duringNamesTheRunningLoopOrItsStartUp() {
        BrokerRestartCommand.PhaseConverter c = new BrokerRestartCommand.PhaseConverter();
        assertEquals(BrokerRestartScenario.Phase.RUNNING, c.convert("running"));
        assertEquals(BrokerRestartScenario.Phase.START_UP, c.convert("start-up"));
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> c.convert("startup"));
        assertTrue(e.getMessage().contains("'startup'") && e.getMessage().contains("start-up"), e.getMessage());
    }
}
