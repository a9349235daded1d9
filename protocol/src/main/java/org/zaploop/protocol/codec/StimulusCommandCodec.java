package org.zaploop.protocol.codec;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.Stimulus;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * JSON codec of {@link StimulusCommand} ({@code zl.stimulus.commands}); schema in WIRE-FORMAT.md. The same
 * object appears nested as {@code command} in an audit record.
 */
public final class StimulusCommandCodec extends JsonCodec<StimulusCommand> {

    public StimulusCommandCodec() {
        super("StimulusCommand", Limits.MAX_JSON_BYTES);
    }

    @Override
    StimulusCommand read(JsonFields f) {
        return readFields(f);
    }

    static StimulusCommand readFields(JsonFields f) {
        return new StimulusCommand(f.text("session"), f.int64("seq"), f.int64("issuedNs"), f.int64("acquisitionNs"),
                f.int64("validFromNs"), f.int64("validUntilNs"), f.enumValue("stimulus", Stimulus.class),
                f.doubleMap("params", Limits.MAX_PARAMS), f.text("policy"), f.optInt32("condition"));
    }

    @Override
    void write(StimulusCommand c, JsonGenerator g) throws IOException {
        writeFields(c, g);
    }

    static void writeFields(StimulusCommand c, JsonGenerator g) throws IOException {
        g.writeStringField("session", c.session());
        g.writeNumberField("seq", c.seq());
        g.writeNumberField("issuedNs", c.issuedNs());
        g.writeNumberField("acquisitionNs", c.acquisitionNs());
        g.writeNumberField("validFromNs", c.validFromNs());
        g.writeNumberField("validUntilNs", c.validUntilNs());
        g.writeStringField("stimulus", c.stimulus().name());
        writeParams(g, "params", c.params());
        g.writeStringField("policy", c.policy());
        writeNullable(g, "condition", c.condition());
    }
}
