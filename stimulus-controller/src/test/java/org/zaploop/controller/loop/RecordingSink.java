package org.zaploop.controller.loop;

import java.util.ArrayList;
import java.util.List;
import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.StimulusCommand;

/** A sink that keeps what the loop sent, for tests. */
public final class RecordingSink implements DecisionSink {

    public final List<StimulusCommand> commands = new ArrayList<>();
    public final List<AuditRecord> audits = new ArrayList<>();

    @Override
    public synchronized void command(StimulusCommand command, long inputAcquisitionNs) {
        commands.add(command);
    }

    @Override
    public synchronized void audit(AuditRecord audit) {
        audits.add(audit);
    }

    public synchronized List<AuditRecord> audits(Decision d) {
        return audits.stream().filter(a -> a.decision() == d).toList();
    }

    public synchronized StimulusCommand lastCommand() {
        return commands.isEmpty() ? null : commands.get(commands.size() - 1);
    }

    public synchronized void clear() {
        commands.clear();
        audits.clear();
    }
}
