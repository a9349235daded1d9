package org.zaploop.protocol.codec;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.zaploop.protocol.records.DeadLetter;
import org.zaploop.protocol.records.Limits;

/**
 * JSON codec of {@link DeadLetter} ({@code zl.dlq}); schema in WIRE-FORMAT.md. Its size limit is
 * {@link Limits#MAX_DEAD_LETTER_JSON_BYTES}, not 1 MiB, because it carries whole rejected records.
 */
public final class DeadLetterCodec extends JsonCodec<DeadLetter> {

    public DeadLetterCodec() {
        super("DeadLetter", Limits.MAX_DEAD_LETTER_JSON_BYTES);
    }

    @Override
    DeadLetter read(JsonFields f) {
        return new DeadLetter(f.text("sourceTopic"), f.int32("partition"), f.int64("offset"), f.int64("receivedNs"),
                f.text("reason"), f.optText("key"), f.optText("value"));
    }

    @Override
    void write(DeadLetter d, JsonGenerator g) throws IOException {
        g.writeStringField("sourceTopic", d.sourceTopic());
        g.writeNumberField("partition", d.partition());
        g.writeNumberField("offset", d.offset());
        g.writeNumberField("receivedNs", d.receivedNs());
        g.writeStringField("reason", d.reason());
        writeNullable(g, "key", d.key());
        writeNullable(g, "value", d.value());
    }
}
