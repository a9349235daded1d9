package org.zaploop.controller.loop;

import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * What became of a {@link ManualRequest}: ISSUED (perhaps clamped: {@code rule} names the clamps) with the command
 * sent, or REFUSED with the rule and reason. Either way it is on {@code zl.audit} with sequence number {@code seq}.
 */
public record ManualOutcome(Decision decision, String rule, String reason, long seq, StimulusCommand command) {

    public boolean issued() {
        return decision == Decision.ISSUED;
    }
}
