package org.zaploop.protocol.codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import org.zaploop.protocol.records.AuditRecord;
import org.zaploop.protocol.records.Decision;
import org.zaploop.protocol.records.InputRef;
import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.StimulusCommand;

/** JSON codec of {@link AuditRecord} ({@code zl.audit}); schema in WIRE-FORMAT.md. */
public final class AuditRecordCodec extends JsonCodec<AuditRecord> {

    public AuditRecordCodec() {
        super("AuditRecord", Limits.MAX_JSON_BYTES);
    }

    @Override
    AuditRecord read(JsonFields f) {
        String session = f.text("session");
        long seq = f.int64("seq");
        long decidedNs = f.int64("decidedNs");
        long acquisitionNs = f.int64("acquisitionNs");
        String policy = f.text("policy");
        Map<String, Object> policyParams = f.scalarMap("policyParams", Limits.MAX_PARAMS);
        List<InputRef> inputs = new ArrayList<>();
        for (JsonFields in : f.objects("inputs", Limits.MAX_AUDIT_INPUTS)) {
            inputs.add(new InputRef(in.text("topic"), in.int32("partition"), in.int64("offset"),
                    in.int64("acquisitionNs")));
            in.finish();
        }
        Decision decision = f.enumValue("decision", Decision.class);
        String rule = f.optText("rule");
        String reason = f.text("reason");
        JsonFields c = f.optObject("command");
        StimulusCommand command = null;
        if (c != null) {
            command = StimulusCommandCodec.readFields(c);
            c.finish();
        }
        return new AuditRecord(session, seq, decidedNs, acquisitionNs, policy, policyParams, inputs, decision, rule,
                reason, command);
    }

    @Override
    void write(AuditRecord a, JsonGenerator g) throws IOException {
        g.writeStringField("session", a.session());
        g.writeNumberField("seq", a.seq());
        g.writeNumberField("decidedNs", a.decidedNs());
        g.writeNumberField("acquisitionNs", a.acquisitionNs());
        g.writeStringField("policy", a.policy());
        g.writeObjectFieldStart("policyParams");
        for (Map.Entry<String, Object> e : a.policyParams().entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                g.writeStringField(e.getKey(), s);
            } else if (v instanceof Boolean b) {
                g.writeBooleanField(e.getKey(), b);
            } else if (v instanceof Long l) {
                g.writeNumberField(e.getKey(), l);
            } else {
                g.writeNumberField(e.getKey(), (Double) v);
            }
        }
        g.writeEndObject();
        g.writeArrayFieldStart("inputs");
        for (InputRef in : a.inputs()) {
            g.writeStartObject();
            g.writeStringField("topic", in.topic());
            g.writeNumberField("partition", in.partition());
            g.writeNumberField("offset", in.offset());
            g.writeNumberField("acquisitionNs", in.acquisitionNs());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("decision", a.decision().name());
        writeNullable(g, "rule", a.rule());
        g.writeStringField("reason", a.reason());
        if (a.command() == null) {
            g.writeNullField("command");
        } else {
            g.writeObjectFieldStart("command");
            StimulusCommandCodec.writeFields(a.command(), g);
            g.writeEndObject();
        }
    }
}
