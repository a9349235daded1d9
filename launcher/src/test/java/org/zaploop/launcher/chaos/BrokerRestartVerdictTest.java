package org.zaploop.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

/** The broker-restart verdicts on a decision trail, without a broker: each check fails on the trail that breaks it. */
class BrokerRestartVerdictTest {

    private static final long S = 1_000_000_000L;
    private static final long DOWN = 100 * S;
    private static final long UP = 110 * S;
    private long seq;

    private AuditRecord decision(Decision d, long decidedNs, long acquisitionNs) {
        long s = seq++;
        Stimulus stim = d == Decision.SAFE_STATE ? Stimulus.SAFE_STATE : Stimulus.GRATING;
        StimulusCommand c = new StimulusCommand("s", s, decidedNs, acquisitionNs, decidedNs, decidedNs + S / 5, stim,
                Map.of(), "optomotor", null);
        return new AuditRecord("s", s, decidedNs, acquisitionNs, "optomotor", Map.of(), List.of(), d,
                d == Decision.REFUSED ? "stale-input" : null, "test", c);
    }

    private List<AuditRecord> goodTrail() {
        List<AuditRecord> a = new ArrayList<>();
        a.add(decision(Decision.ISSUED, 90 * S, 90 * S - 20_000_000));
        a.add(decision(Decision.ISSUED, DOWN + 50_000_000, DOWN + 10_000_000)); // fresh, just before the stop showed
        a.add(decision(Decision.SAFE_STATE, DOWN + S, DOWN));
        a.add(decision(Decision.REFUSED, UP + S, DOWN - S)); // buffered old behaviour after the restart: refused
        a.add(decision(Decision.ISSUED, UP + 5 * S, UP + 5 * S - 30_000_000));
        return a;
    }

    private static boolean passed(List<ChaosVerdict> v, String check) {
        return v.stream().filter(c -> c.check().equals(check)).findFirst().orElseThrow().passed();
    }

    @Test
    void aTrailThatGoesSafeAndClosesAgainPassesEveryCheck() {
        List<ChaosVerdict> v = BrokerRestartScenario.judgeDecisions(goodTrail(), DOWN, UP);
        assertEquals(4, v.size());
        assertTrue(v.stream().allMatch(ChaosVerdict::passed), v.toString());
    }

    @Test
    void theRecoveryWaitEndsOnlyWithACommandOnBehaviourAcquiredAfterTheRestart() {
        List<AuditRecord> a = goodTrail();
        assertTrue(BrokerRestartScenario.closedAgain(a, UP));
        a.remove(a.size() - 1); // only the refusal of old behaviour is left after the restart
        assertFalse(BrokerRestartScenario.closedAgain(a, UP));
    }

    @Test
    void aCommandOnStaleBehaviourFails() {
        List<AuditRecord> a = goodTrail();
        a.add(decision(Decision.ISSUED, UP + 2 * S, DOWN - S));
        assertFalse(passed(BrokerRestartScenario.judgeDecisions(a, DOWN, UP), "no command on stale data"));
    }

    @Test
    void aCommandStillCurrentWhenTheBrokerReturnsIsNoSafeState() {
        List<AuditRecord> a = goodTrail();
        a.add(3, decision(Decision.ISSUED, DOWN + 2 * S, DOWN + 2 * S - 10_000_000));
        List<ChaosVerdict> v = BrokerRestartScenario.judgeDecisions(a, DOWN, UP);
        assertFalse(passed(v, "safe state during the outage"));
        assertFalse(passed(v, "no command on stale data"), "issued while the broker was down");
    }

    @Test
    void noCommandOnFreshBehaviourAfterTheRestartMeansTheLoopStaysOpen() {
        List<AuditRecord> a = goodTrail();
        a.remove(a.size() - 1);
        assertFalse(passed(BrokerRestartScenario.judgeDecisions(a, DOWN, UP), "loop closes again"));
    }
}
