package org.zaploop.controller.loop;

import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * Where the decision loop's output goes: commands to {@code zl.stimulus.commands} and audit records to
 * {@code zl.audit} (the Kafka adapter), or a list (tests). Called with the loop's lock held: send, do not block.
 */
public interface DecisionSink {

    /**
     * A command to deliver.
     *
     * @param inputAcquisitionNs acquisition time of the newest input it rests on, or -1 for none (open loop,
     *                           safe-state fallbacks), for the input → command latency
     */
    void command(StimulusCommand command, long inputAcquisitionNs);

    /** A decision for the audit trail (every one: issued, refused, safe state). */
    void audit(AuditRecord audit);
}
