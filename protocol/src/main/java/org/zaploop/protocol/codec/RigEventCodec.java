package org.zaploop.protocol.codec;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.zaploop.protocol.records.Limits;
import org.zaploop.protocol.records.RigEvent;
import org.zaploop.protocol.records.RigEventKind;

/** JSON codec of {@link RigEvent} ({@code zl.rig.events}); schema in WIRE-FORMAT.md. */
public final class RigEventCodec extends JsonCodec<RigEvent> {

    public RigEventCodec() {
        super("RigEvent", Limits.MAX_JSON_BYTES);
    }

    @Override
    RigEvent read(JsonFields f) {
        return new RigEvent(f.text("session"), f.int64("acquisitionNs"), f.enumValue("kind", RigEventKind.class),
                f.optInt64("frame"), f.optInt32("condition"), f.optText("stimulus"),
                f.doubleMap("params", Limits.MAX_PARAMS), f.optInt64("commandSeq"), f.optText("note"));
    }

    @Override
    void write(RigEvent e, JsonGenerator g) throws IOException {
        g.writeStringField("session", e.session());
        g.writeNumberField("acquisitionNs", e.acquisitionNs());
        g.writeStringField("kind", e.kind().name());
        writeNullable(g, "frame", e.frame());
        writeNullable(g, "condition", e.condition());
        writeNullable(g, "stimulus", e.stimulus());
        writeParams(g, "params", e.params());
        writeNullable(g, "commandSeq", e.commandSeq());
        writeNullable(g, "note", e.note());
    }
}
