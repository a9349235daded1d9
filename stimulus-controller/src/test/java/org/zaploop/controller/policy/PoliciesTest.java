package org.zaploop.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;

class PoliciesTest {

    @Test
    void everyPolicyByNameWithAuditableParams() {
        Map<String, Map<String, String>> need = Map.of("forecast-trigger", Map.of("neurons", "0-9"),
                "setpoint", Map.of("neurons", "0-9"), "adaptive-search", Map.of("neurons", "0-9"),
                "mpc", Map.of("neurons", "0-9"));
        for (String name : Policies.NAMES) {
            Policy p = Policies.create(name, need.getOrDefault(name, Map.of()));
            assertEquals(name, p.name());
            assertTrue(p.params().size() <= 64);
            // the params must be acceptable to an audit record
            new AuditRecord("s", 0, 0, 0, p.name(), p.params(), java.util.List.of(), Decision.SAFE_STATE, "r", "x", null);
        }
        assertEquals("optomotor", Policies.create(null, Map.of()).name());
    }

    @Test
    void unknownPoliciesAndParamsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> Policies.create("magic", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Policies.create("optomotor", Map.of("gian", "1")));
        assertThrows(IllegalArgumentException.class, () -> Policies.create("setpoint", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Policies.create("setpoint", Map.of("neurons", "0", "kp", "x")));
    }
}
