package org.zaploop.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerConfigTest {

    @Test
    void demoDefaults() {
        ControllerConfig c = ControllerConfig.defaults("127.0.0.1:9092", "demo-1");
        assertEquals("optomotor", c.policy());
        assertEquals("127.0.0.1", c.httpHost(), "loopback by default");
        assertEquals(ControllerConfig.DEFAULT_HTTP_PORT, c.httpPort());
        assertEquals(null, c.httpToken());
        assertEquals(0, c.validityMs());
    }

    @Test
    void theTokenNeverAppearsInToString() {
        String secret = "very-secret-token-1234567890";
        ControllerConfig c = ControllerConfig.defaults("b:1", "s").withHttp(0, secret);
        assertFalse(c.toString().contains(secret));
        assertThrows(IllegalArgumentException.class, () -> c.withHttp(0, "short"));
    }

    @Test
    void invalidConfigFailsEarly() {
        assertThrows(IllegalArgumentException.class, () -> ControllerConfig.defaults("", "s"));
        assertThrows(IllegalArgumentException.class, () -> ControllerConfig.defaults("b:1", "bad/session"));
        assertThrows(IllegalArgumentException.class, () -> ControllerConfig.defaults("b:1", "s").withValidityMs(-1));
        ControllerConfig badPolicy = ControllerConfig.defaults("b:1", "s").withPolicy("setpoint", Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ControllerService(badPolicy, new SimpleMeterRegistry()));
        assertTrue(e.getMessage().contains("neuron"), e.getMessage());
    }

    @Test
    void statusBeforeStart() {
        ControllerService s = new ControllerService(ControllerConfig.defaults("b:1", "s"), new SimpleMeterRegistry());
        assertEquals(Map.of("policy", "optomotor", "running", false), s.status());
        s.close();
    }
}
